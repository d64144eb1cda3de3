package dev.releasepolicy.core.plan;

import java.util.ArrayList;
import java.util.List;

/** The steps of one plan being written, in order; shared by the planner's step writers. */
final class Drafts {

    private final List<Draft> drafts = new ArrayList<>();

    /** Appends a step. */
    Draft add(Action action, String detail, String description) {
        Draft d = new Draft(action, Draft.idPart(detail), description);
        drafts.add(d);
        return d;
    }

    /** The steps so far, in order. */
    List<Draft> list() {
        return List.copyOf(drafts);
    }
}
