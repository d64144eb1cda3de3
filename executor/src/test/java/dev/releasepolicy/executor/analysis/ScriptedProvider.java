package dev.releasepolicy.executor.analysis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** A metrics provider whose answers are functions of the time since it was created. */
public final class ScriptedProvider implements MetricsProvider {

    private final Clock clock;
    private final Instant start;
    private final Map<String, Function<Duration, QueryResult>> scripts = new HashMap<>();
    private int queries;

    public ScriptedProvider(Clock clock) {
        this.clock = clock;
        this.start = clock.instant();
    }

    public ScriptedProvider on(String query, Function<Duration, QueryResult> script) {
        scripts.put(query, script);
        return this;
    }

    public int queries() {
        return queries;
    }

    @Override
    public QueryResult query(String query) {
        queries++;
        Function<Duration, QueryResult> s = scripts.get(query);
        return s == null
                ? new QueryResult.NoData("no script for " + query)
                : s.apply(Duration.between(start, clock.instant()));
    }

    @Override
    public String describe() {
        return "scripted";
    }

    public static QueryResult value(double v) {
        return new QueryResult.Value(v);
    }
}
