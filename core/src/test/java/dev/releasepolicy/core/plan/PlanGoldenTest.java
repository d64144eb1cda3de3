package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.plan.render.JsonPlanRenderer;
import dev.releasepolicy.core.plan.render.MarkdownPlanRenderer;
import dev.releasepolicy.core.plan.render.PlanRenderer;
import dev.releasepolicy.core.plan.render.TextPlanRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each manifest (examples/ and the planner fixtures) planned with fixed inputs gives exactly its golden
 * {@code <name>.plan.json}, {@code .plan.txt} and {@code .plan.md}. Regenerate them after an intended
 * change with {@code bin/mvnw -o test -pl core -Dtest=PlanGoldenTest -Dgolden.update=true}, and review
 * the diff.
 */
class PlanGoldenTest {

    static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "plan");
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    record Format(String extension, PlanRenderer renderer) {}

    static final List<Format> FORMATS = List.of(
            new Format("plan.json", new JsonPlanRenderer()),
            new Format("plan.txt", new TextPlanRenderer()),
            new Format("plan.md", new MarkdownPlanRenderer()));

    @TestFactory
    Stream<DynamicTest> everyManifest_matchesItsGoldenFiles() {
        return Plans.manifests().stream()
                .flatMap(file -> FORMATS.stream().map(format -> {
                    String golden = Plans.baseName(file) + "." + format.extension();
                    return DynamicTest.dynamicTest(golden, () -> {
                        String actual = Plans.render(format.renderer(), Plans.plan(file));
                        Path expected = GOLDEN.resolve(golden);
                        if (UPDATE) {
                            Files.createDirectories(GOLDEN);
                            Files.writeString(expected, actual, StandardCharsets.UTF_8);
                        }
                        assertThat(expected)
                                .as("golden file; create it with -Dgolden.update=true")
                                .exists();
                        assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
                    });
                }));
    }
}
