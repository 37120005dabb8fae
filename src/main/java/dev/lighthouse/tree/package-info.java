/**
 * The JSON document model: immutable nodes with structural sharing and
 * Merkle digests, paths, edits (put, delete, RFC 7396 merge, RFC 6902 patch)
 * and a digest-guided diff. Pure functions, no I/O, no locking: any thread may
 * read any node at any time.
 */
package dev.lighthouse.tree;
