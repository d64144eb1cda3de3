package dev.releasepolicy.executor.model;

/** A plan file the executor cannot read; the message says what is wrong with it. */
public final class PlanFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PlanFormatException(String message) {
        super(message);
    }
}
