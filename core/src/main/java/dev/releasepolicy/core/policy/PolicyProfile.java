package dev.releasepolicy.core.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** CPU time spent in each policy over a run (for {@code verify --profile} and the benchmark). Thread-safe. */
public final class PolicyProfile {

    private final Map<String, LongAdder[]> byPolicy = new ConcurrentHashMap<>();

    void add(String policyId, long nanos) {
        LongAdder[] a = byPolicy.computeIfAbsent(policyId, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        a[0].add(nanos);
        a[1].increment();
    }

    /** One line per policy, slowest first: id, calls, total CPU ms, µs per call. */
    public List<String> lines() {
        List<Map.Entry<String, LongAdder[]>> entries = new ArrayList<>(byPolicy.entrySet());
        entries.sort(Comparator.comparingLong((Map.Entry<String, LongAdder[]> e) -> e.getValue()[0].sum())
                .reversed());
        List<String> out = new ArrayList<>();
        out.add(String.format("%-24s %8s %10s %10s", "policy", "calls", "cpu ms", "µs/call"));
        for (Map.Entry<String, LongAdder[]> e : entries) {
            long nanos = e.getValue()[0].sum();
            long calls = e.getValue()[1].sum();
            out.add(String.format(
                    "%-24s %8d %10.1f %10.1f", e.getKey(), calls, nanos / 1e6, calls == 0 ? 0.0 : nanos / 1e3 / calls));
        }
        return out;
    }
}
