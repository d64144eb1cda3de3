package dev.releasepolicy.executor.analysis;

import java.time.Instant;

/** One measurement of one metric during an analysis, with how it was judged. */
public record Measurement(String metric, Instant at, QueryResult result, Status status, String note) {

    /** How a measurement was judged. */
    public enum Status {
        PASSED,
        FAILED,
        INCONCLUSIVE
    }

    /** E.g. "errorRate = 0.0523 FAILED (is above max 0.01)". */
    public String describe() {
        String v = switch (result) {
            case QueryResult.Value val -> Numbers.show(val.value());
            case QueryResult.NoData n -> "no data";
            case QueryResult.Unavailable u -> "unavailable";
        };
        return metric + " = " + v + " " + status + (note.isEmpty() ? "" : " (" + note + ")");
    }
}
