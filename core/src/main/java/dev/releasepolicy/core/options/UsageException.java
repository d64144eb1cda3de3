package dev.releasepolicy.core.options;

/**
 * A problem with what the user asked for (a missing path, an unknown format, a bad date): the
 * front ends print the message without a stack trace and exit 2 or fail the Maven goal.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
