package dev.releasepolicy.core.edit;

/**
 * The live object does not allow an edit: a named route that is not there, a header match without a
 * value, a container the pod template does not have. The message says what is wrong (naming what
 * does exist), the hint how to fix the manifest or the object; front ends print both.
 */
public final class EditRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String hint;

    public EditRefusedException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    /** How to fix it, such as "name one of the routes primary, legacy in trafficRouting.istio.routes". */
    public String hint() {
        return hint;
    }
}
