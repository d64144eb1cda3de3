/**
 * Dry-run and Kubernetes execution of release plans (fabric8). Depends on core's plan, never the
 * other way round.
 */
package dev.releasepolicy.executor;
