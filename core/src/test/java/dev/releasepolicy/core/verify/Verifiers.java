package dev.releasepolicy.core.verify;

/** The verifier the example tests use: every stage that {@code verify} runs by default. */
final class Verifiers {

    private Verifiers() {
    }

    static Verifier forExamples() {
        return Verifier.schemaOnly();
    }
}
