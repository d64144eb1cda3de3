package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.plan.render.JsonPlanRenderer;
import dev.releasepolicy.core.plan.render.PlanRenderer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Plan compile time per manifest: warm-up, then N timed iterations of {@link Planner#plan} (and, apart,
 * plan + JSON rendering), printing wall-clock and thread-CPU microseconds per plan (CPU time is the steadier number on a busy machine). Skipped unless {@code -Dbench=true}:
 * {@code bin/mvnw -o -q test -pl core -Dtest=PlanBenchmark -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PlanBenchmark {

    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    static final int WARMUP = Integer.getInteger("bench.warmup", 20_000);
    static final int ITERATIONS = Integer.getInteger("bench.iterations", 50_000);

    @Test
    void planCompileTime() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("bench"), "benchmark: run with -Dbench=true");
        List<Path> files = Plans.manifests();
        Planner planner = new Planner();
        PlanRenderer json = new JsonPlanRenderer();
        StringBuilder report = new StringBuilder(
                "plan compile time (µs per plan, " + ITERATIONS + " iterations after " + WARMUP + " warm-up)\n");
        for (Path f : files) {
            Manifest m = Plans.load(f);
            long sink = 0;
            for (int i = 0; i < WARMUP; i++) {
                sink += planner.plan(m, Plans.INPUTS).steps().size();
            }
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < ITERATIONS; i++) {
                sink += planner.plan(m, Plans.INPUTS).steps().size();
            }
            long t1 = System.nanoTime();
            long c1 = CPU.getCurrentThreadCpuTime();
            int renderIterations = ITERATIONS / 5;
            for (int i = 0; i < renderIterations; i++) {
                StringBuilder b = new StringBuilder();
                json.render(planner.plan(m, Plans.INPUTS), b);
                sink += b.length();
            }
            long t2 = System.nanoTime();
            long c2 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < renderIterations; i++) {
                sink += Fingerprint.of(m.tree(), Plans.INPUTS.policySetDigest(), "0")
                        .value()
                        .length();
            }
            long c3 = CPU.getCurrentThreadCpuTime();
            report.append(String.format(
                    Locale.ROOT,
                    "  %-26s plan %6.1f µs (cpu %6.1f)   plan+json %6.1f µs (cpu %6.1f)   of which fingerprint cpu %5.1f   [%d]%n",
                    f.getFileName(),
                    (t1 - t0) / 1e3 / ITERATIONS,
                    (c1 - c0) / 1e3 / ITERATIONS,
                    (t2 - t1) / 1e3 / renderIterations,
                    (c2 - c1) / 1e3 / renderIterations,
                    (c3 - c2) / 1e3 / renderIterations,
                    sink % 10));
        }
        System.out.print(report);
    }
}
