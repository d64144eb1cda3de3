package dev.releasepolicy.core.routing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * A weight approximated by pod counts when no router splits traffic: the Service sends each pod an
 * equal share, so {@code canary / (canary + stable)} pods is the real share. The new version starts at
 * the size of its weight (at least one pod, never the full size while the weight is below 100); at
 * weight 100 (promotion) all {@code total} pods are new and none stable.
 *
 * @param total  the application's replicas, N
 * @param weight the requested weight in percent
 * @param canary pods of the new version
 * @param stable pods of the stable version
 */
public record ReplicaRatio(int total, int weight, int canary, int stable) {

    /** How far the real share may be from the weight, in percentage points. */
    public static final double TOLERANCE_POINTS = 5.0;

    public ReplicaRatio {
        if (total < 1) {
            throw new IllegalArgumentException("total replicas " + total + " is below 1");
        }
        Weights.check(weight, "weight");
    }

    /** The pod counts for weight {@code weight} of {@code total} replicas. */
    public static ReplicaRatio of(int total, int weight) {
        if (total < 1) {
            throw new IllegalArgumentException("total replicas " + total + " is below 1");
        }
        Weights.check(weight, "weight");
        if (weight == 0) {
            return new ReplicaRatio(total, weight, 0, total);
        }
        if (weight == 100) {
            return new ReplicaRatio(total, weight, total, 0);
        }
        if (total == 1) {
            // One pod cannot be split: run one of each, the nearest a single replica gets to a share.
            return new ReplicaRatio(total, weight, 1, 1);
        }
        int canary = Math.round(total * weight / 100f);
        canary = Math.max(1, Math.min(total - 1, canary));
        return new ReplicaRatio(total, weight, canary, total - canary);
    }

    /** The canary's real share of the pods, in percent. */
    public double realShare() {
        return 100.0 * canary / (canary + stable);
    }

    /** Whether the real share is within {@link #TOLERANCE_POINTS} of the weight. */
    public boolean withinTolerance() {
        return Math.abs(realShare() - weight) <= TOLERANCE_POINTS + 1e-9;
    }

    /** Such as {@code 1 of 5 pods, 20%} or {@code 1 of 3 pods, 33.3%}. */
    public String render() {
        String share = BigDecimal.valueOf(realShare())
                .setScale(1, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
        return canary + " of " + (canary + stable) + " pods, " + share + "%";
    }

    /**
     * The smallest replica count at which every weight of {@code weights} is met within the tolerance,
     * for the hint when the team's count is too small. At 100 replicas every whole-percent weight is
     * exact, so there always is one.
     */
    public static int smallestTotal(List<Integer> weights) {
        for (int n = 1; n <= 100; n++) {
            final int total = n;
            if (weights.stream().allMatch(w -> of(total, w).withinTolerance())) {
                return n;
            }
        }
        throw new IllegalStateException("no replica count up to 100 meets " + weights);
    }
}
