package dev.releasepolicy.core.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plan step while the planner writes it, before it knows its index, offset and rollback order.
 * Mutable on purpose: each compiling method fills in what its step needs; {@link PlanAssembly} turns
 * the drafts into immutable {@link PlanStep}s.
 */
final class Draft {

    final Action action;
    final String detail;
    final String description;
    Duration minimum = Duration.ZERO;
    Optional<Duration> timeout = Optional.empty();
    final ObjectNode parameters = JsonNodeFactory.instance.objectNode();
    final List<ObjectChange> objects = new ArrayList<>();
    Compensation compensation = Compensation.none("nothing to undo");
    List<RollbackTrigger> watches = List.of();

    Draft(Action action, String detail, String description) {
        this.action = action;
        this.detail = detail;
        this.description = description;
    }

    /** The step id, such as {@code 05-set-weight-20}. */
    String id(int index) {
        return String.format("%02d-%s%s", index, action.label(), detail.isEmpty() ? "" : "-" + detail);
    }

    /** A step's detail as an id part: characters other than {@code [A-Za-z0-9_.-]} become {@code -}. */
    static String idPart(String detail) {
        return detail.replaceAll("[^A-Za-z0-9_.-]+", "-");
    }
}
