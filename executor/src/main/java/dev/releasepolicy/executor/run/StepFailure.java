package dev.releasepolicy.executor.run;

/**
 * A step failed; the message names the step and the resource. The executor runs the compensations
 * of the completed steps when it catches one.
 */
public final class StepFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StepFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public StepFailure(String message) {
        super(message);
    }
}
