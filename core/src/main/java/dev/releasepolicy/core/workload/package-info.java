/**
 * The new version's Deployment made from the team's own pod template, and the adoption of the team's
 * existing Deployment as the stable version. No I/O; depends on {@code dev.releasepolicy.core.edit} and
 * Jackson only.
 */
package dev.releasepolicy.core.workload;
