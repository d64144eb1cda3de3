package dev.releasepolicy.core.plan.render;

import java.util.List;
import java.util.Optional;

/** The plan formats by name: text (default), json, markdown. */
public final class PlanFormats {

    private static final List<PlanRenderer> ALL =
            List.of(new TextPlanRenderer(), new JsonPlanRenderer(), new MarkdownPlanRenderer());

    private PlanFormats() {}

    public static Optional<PlanRenderer> byName(String name) {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(PlanRenderer::name).toList();
    }
}
