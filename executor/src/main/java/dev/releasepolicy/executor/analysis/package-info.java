/**
 * Metric analysis: a {@link dev.releasepolicy.executor.analysis.MetricsProvider} (Prometheus), the
 * manifest's metric definitions and automatic-rollback triggers, and {@link
 * dev.releasepolicy.executor.analysis.MetricAnalysis}, which measures them over time and decides
 * SUCCESSFUL, FAILED or INCONCLUSIVE (no data is never a success).
 */
package dev.releasepolicy.executor.analysis;
