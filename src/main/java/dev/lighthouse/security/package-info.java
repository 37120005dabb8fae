/**
 * Who may do what: access tokens and derived subtree keys from the {@code access} section of
 * the conf file ({@link dev.lighthouse.security.AccessPolicy}), turned into a
 * {@link dev.lighthouse.security.Principal} per request ({@link dev.lighthouse.security.AccessControl}),
 * reloaded without a restart ({@link dev.lighthouse.security.AccessReloader}). The HTTP layer asks
 * the principal before it reads or submits anything; the lock's owner is checked again by the
 * applier, from replicated state. Rules in docs/security.md.
 */
package dev.lighthouse.security;
