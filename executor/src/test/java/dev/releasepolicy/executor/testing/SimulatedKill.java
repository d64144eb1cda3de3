package dev.releasepolicy.executor.testing;

/** Thrown from a listener to stop the executor as a kill would: nothing after it runs. */
public final class SimulatedKill extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SimulatedKill(String where) {
        super("killed " + where);
    }
}
