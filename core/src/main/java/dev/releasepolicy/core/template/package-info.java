/**
 * Shared metric templates ({@code metricTemplates} of {@code .release-policy.yaml}) and their expansion
 * into a manifest's {@code spec.monitoring.metrics}, before the schema, the policies and the planner see
 * the manifest. Depends only on {@code finding} and {@code manifest}.
 */
package dev.releasepolicy.core.template;
