/**
 * Server configuration: defaults, the conf file, the command line, limits, duration strings,
 * and the TLS and cluster-secret settings (checked, and never printed, here).
 */
package dev.lighthouse.config;
