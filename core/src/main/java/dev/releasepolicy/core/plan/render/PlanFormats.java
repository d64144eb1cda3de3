package dev.releasepolicy.core.plan.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan formats by name: text (default), json, markdown, each a {@link PlanRenderer}; and
 * {@link ArgoRollouts#FORMAT}, which renders the release rather than the plan (see {@link ArgoRollouts}).
 */
public final class PlanFormats {

    private static final List<PlanRenderer> ALL =
            List.of(new TextPlanRenderer(), new JsonPlanRenderer(), new MarkdownPlanRenderer());

    private PlanFormats() {}

    public static Optional<PlanRenderer> byName(String name) {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The names of the {@link PlanRenderer} formats. */
    public static List<String> names() {
        return ALL.stream().map(PlanRenderer::name).toList();
    }

    /** Every name {@code plan --format} takes: the renderers' and {@code argo-rollouts}. */
    public static List<String> allNames() {
        List<String> all = new ArrayList<>(names());
        all.add(ArgoRollouts.FORMAT);
        return List.copyOf(all);
    }
}
