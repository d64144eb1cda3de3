package dev.releasepolicy.core.spec;

import java.util.List;

/**
 * {@code spec.approvals}: who must approve the release before it starts.
 *
 * @param required  how many approvals ({@code 0}, none, when not written)
 * @param approvers who may approve, in the order written
 */
public record Approvals(int required, List<String> approvers) {

    /** No approvals needed: what an absent {@code spec.approvals} means. */
    public static final Approvals NONE = new Approvals(0, List.of());

    public Approvals {
        approvers = List.copyOf(approvers);
    }
}
