package dev.releasepolicy.core.plan.render;

import dev.releasepolicy.core.plan.Plan;
import java.io.IOException;

/** Renders a {@link Plan} in one output format. One implementation per format. */
public interface PlanRenderer {

    /** The format's name as given to {@code plan --format}. */
    String name();

    /** Writes the whole plan. Same plan, same bytes. */
    void render(Plan plan, Appendable out) throws IOException;
}
