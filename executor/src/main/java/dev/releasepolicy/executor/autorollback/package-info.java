/**
 * Automatic rollback, independent of how traffic is moved: {@link
 * dev.releasepolicy.executor.autorollback.AutoRollbackWatcher} runs analyses and trigger watches and,
 * on a breach, sends traffic back to the stable version through a {@link
 * dev.releasepolicy.executor.autorollback.TrafficControl} (fabric8 in the executor, in memory in
 * tests), scales the new version down, verifies recovery, notifies and audits the cause.
 */
package dev.releasepolicy.executor.autorollback;
