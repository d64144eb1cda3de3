package dev.releasepolicy.core.plan.render;

import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanCodec;
import java.io.IOException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plan file ({@code --format json}), following {@code schemas/plan.schema.json}. Properties are
 * written in a fixed order, so the same plan gives the same bytes.
 */
public final class JsonPlanRenderer implements PlanRenderer {

    @Override
    public String name() {
        return "json";
    }

    @Override
    public void render(Plan plan, Appendable out) throws IOException {
        out.append(PlanCodec.write(plan)).append('\n');
    }

    /** The plan as a JSON tree (what the plan file holds); the format is {@link PlanCodec}'s. */
    public static ObjectNode toJson(Plan plan) {
        return PlanCodec.toJson(plan);
    }
}
