package dev.releasepolicy.executor.testing;

import dev.releasepolicy.executor.run.Analyzer;
import java.util.Optional;

/** Analyzers for tests that are not about metrics. */
public final class Analyzers {

    /**
     * Every analysis passes without querying anything. Only for tests that say so: the real analyzer
     * fails closed when it cannot judge.
     */
    public static final Analyzer HEALTHY_WITHOUT_METRICS =
            (plan, step) -> Optional.of(Analyzer.Verdict.healthy("not performed: a test without metrics"));

    private Analyzers() {}
}
