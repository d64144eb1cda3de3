package dev.releasepolicy.executor.kube;

import dev.releasepolicy.core.plan.ObjectRef;

/**
 * A failed API request, classified: {@link #isTransient()} (429, 5xx, timeouts, connection
 * failures: worth a retry), {@link #isConflict()} (409: re-read and try again) or permanent. The
 * message names the operation and the object.
 */
public final class ClusterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int code;
    private final transient ObjectRef ref;
    private final String reason;

    public ClusterException(String operation, ObjectRef ref, int code, String reason, Throwable cause) {
        this(operation, ref, code, reason, "", cause);
    }

    private ClusterException(String operation, ObjectRef ref, int code, String reason, String suffix, Throwable cause) {
        super(operation + " " + ref + " failed: " + (code > 0 ? "HTTP " + code + " " : "") + reason + suffix, cause);
        this.operation = operation;
        this.code = code;
        this.ref = ref;
        this.reason = reason;
    }

    /** The same failure, saying how many attempts were made. */
    public ClusterException afterAttempts(int attempts) {
        return new ClusterException(operation, ref, code, reason, " (gave up after " + attempts + " attempts)", this);
    }

    /** The HTTP status, or 0 when no response came (timeout, connection refused). */
    public int code() {
        return code;
    }

    /** The object the request was about. */
    public ObjectRef ref() {
        return ref;
    }

    /** 409: the object changed since it was read (or already exists, for a create). */
    public boolean isConflict() {
        return code == 409;
    }

    /** 404: the object (or its kind) does not exist. */
    public boolean isNotFound() {
        return code == 404;
    }

    /** Worth retrying with backoff: 429, 5xx, or no response at all. */
    public boolean isTransient() {
        return code == 0 || code == 429 || code >= 500;
    }
}
