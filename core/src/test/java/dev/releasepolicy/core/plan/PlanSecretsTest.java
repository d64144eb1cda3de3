package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.plan.render.JsonPlanRenderer;
import dev.releasepolicy.core.plan.render.MarkdownPlanRenderer;
import dev.releasepolicy.core.plan.render.TextPlanRenderer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A token planted in a manifest's webhook URL never reaches a plan, in any rendering. */
class PlanSecretsTest {

    static final String TOKEN = "s3cr3tT0kenPl4nted9f8e7d";

    @Test
    void plan_webhookUrlsWithTokens_areRedactedInEveryRendering() throws Exception {
        String yaml = Files.readString(Plans.EXAMPLES.resolve("auto-rollback.yaml"))
                .replaceAll("webhook: (\\S+)", "webhook: \"https://hooks.example.com/release?token=" + TOKEN + "\"");
        assertThat(yaml).contains(TOKEN);
        Plan plan = new Planner().plan(Plans.load(yaml), Plans.INPUTS);
        for (String out : new String[] {
            Plans.render(new JsonPlanRenderer(), plan),
            Plans.render(new TextPlanRenderer(), plan),
            Plans.render(new MarkdownPlanRenderer(), plan)
        }) {
            assertThat(out).doesNotContain(TOKEN);
        }
        assertThat(Plans.render(new JsonPlanRenderer(), plan)).contains("hooks.example.com/release?token=");
    }
}
