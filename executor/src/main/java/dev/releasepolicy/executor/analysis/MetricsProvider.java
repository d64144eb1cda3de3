package dev.releasepolicy.executor.analysis;

/** Answers a metric query with one number (or says why it cannot); implemented for Prometheus. */
public interface MetricsProvider {

    /** Runs an instant query; never throws for provider problems, they become {@link QueryResult.Unavailable}. */
    QueryResult query(String query) throws InterruptedException;

    /** Where the metrics come from, safe to show (secrets redacted). */
    String describe();
}
