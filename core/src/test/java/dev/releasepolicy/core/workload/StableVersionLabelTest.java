package dev.releasepolicy.core.workload;

import static dev.releasepolicy.core.edit.EditFixtures.differences;
import static dev.releasepolicy.core.edit.EditFixtures.load;
import static dev.releasepolicy.core.edit.EditFixtures.schemaProblems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.edit.EditRefusedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Adopting the team's Deployment as the stable version without touching its immutable selector. */
class StableVersionLabelTest {

    static final StableVersionLabel ADOPT = new StableVersionLabel("version", "2.6.0");

    final ObjectNode team = load("deployment.yaml");
    final ObjectNode untouched = team.deepCopy();

    @AfterEach
    void inputIsNeverMutated() {
        assertThat(differences(untouched, team)).isEmpty();
    }

    @Test
    void adopt_labelsOnlyThePodTemplate_andTheUndoRemovesTheLabel() {
        assertThat(ADOPT.selectsByVersion(team)).isFalse();
        assertThat(ADOPT.needed(team)).isTrue();

        JsonNode after = ADOPT.apply(team);

        assertThat(schemaProblems(after)).isEmpty();
        assertThat(differences(team, after)).containsExactly("/spec/template/metadata/labels/version");
        assertThat(after.at("/spec/selector")).isEqualTo(team.at("/spec/selector"));
        assertThat(ADOPT.needed(after)).isFalse();
        JsonNode undone = ADOPT.inverse(team).apply(after);
        assertThat(differences(team, undone)).isEmpty();
        assertThat(undone).isEqualTo(team);
    }

    @Test
    void adopt_overAnOldVersionLabel_restoresIt() {
        ((ObjectNode) team.at("/spec/template/metadata/labels")).put("version", "2.5.1");
        untouched.setAll(team.deepCopy());

        JsonNode after = ADOPT.apply(team);

        assertThat(after.at("/spec/template/metadata/labels/version").asString())
                .isEqualTo("2.6.0");
        assertThat(ADOPT.inverse(team).apply(after)).isEqualTo(team);
    }

    @Test
    void aDeploymentSelectingAnotherVersion_isRefused() {
        ((ObjectNode) team.at("/spec/selector/matchLabels")).put("version", "2.5.1");
        ((ObjectNode) team.at("/spec/template/metadata/labels")).put("version", "2.5.1");
        untouched.setAll(team.deepCopy());

        assertThat(ADOPT.selectsByVersion(team)).isTrue();
        assertThatThrownBy(() -> ADOPT.apply(team))
                .isInstanceOfSatisfying(
                        EditRefusedException.class,
                        e -> assertThat(e.getMessage()).contains("selects version: 2.5.1"));
    }
}
