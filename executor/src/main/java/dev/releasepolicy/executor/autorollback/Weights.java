package dev.releasepolicy.executor.autorollback;

/** The share of traffic, in percent, that the stable and the new (canary) version receive. */
public record Weights(int stable, int canary) {

    public Weights {
        if (stable < 0 || canary < 0 || stable + canary != 100) {
            throw new IllegalArgumentException("weights must be 0..100 and add up to 100: stable " + stable + ", new " + canary);
        }
    }

    /** All traffic on the stable version. */
    public static final Weights ALL_STABLE = new Weights(100, 0);

    /** {@code percent} on the new version, the rest on the stable one. */
    public static Weights canary(int percent) {
        return new Weights(100 - percent, percent);
    }

    @Override
    public String toString() {
        return "stable " + stable + "% / new " + canary + "%";
    }
}
