/**
 * The write path: requests become {@link dev.lighthouse.apply.Command}s, a
 * {@link dev.lighthouse.apply.CommandLog} orders them, and the single-threaded
 * {@link dev.lighthouse.apply.Applier} turns them into versions and publishes
 * each new {@link dev.lighthouse.apply.StoreState} to readers through
 * {@link dev.lighthouse.apply.StateView}.
 */
package dev.lighthouse.apply;
