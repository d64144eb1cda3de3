package dev.releasepolicy.core.routing;

/** Checks shared by the edits that take a weight or a percentage. */
final class Weights {

    private Weights() {}

    static void check(int weight, String what) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException(what + " " + weight + " is not between 0 and 100");
        }
    }
}
