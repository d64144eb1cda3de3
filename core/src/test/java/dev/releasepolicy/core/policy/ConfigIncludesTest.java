package dev.releasepolicy.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.template.MetricTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code include} of {@code .release-policy.yaml}: the templates of included files (nested, relative to
 * the including file), and every problem of an include as an error finding at the place that has it.
 */
class ConfigIncludesTest {

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, yaml);
        return p;
    }

    private static String at(Path file, int line, int column) {
        return file.toString().replace('\\', '/') + ":" + line + ":" + column;
    }

    @Test
    void nestedIncludes_areRelativeToTheIncludingFile_andAllTheirTemplatesAreRead() throws Exception {
        Path config = write(".release-policy.yaml", """
                include: [shared/templates.yaml]
                metricTemplates:
                  own: {query: up, max: 1}
                """);
        Path shared = write("shared/templates.yaml", """
                include: [../more/latency.yaml]
                metricTemplates:
                  error-rate: {args: [service], query: 'errors{s="{{args.service}}"}', max: 0.01}
                """);
        Path latency = write("more/latency.yaml", """
                metricTemplates:
                  latency: {query: p99, max: 0.3}
                """);
        PolicyConfig c = PolicyConfig.load(config);
        MetricTemplates t = c.metricTemplates();
        assertThat(t.problems()).isEmpty();
        assertThat(t.templates().keySet()).containsExactly("own", "error-rate", "latency");
        assertThat(t.templates().get("latency").fields().path("max").decimalValue())
                .isEqualByComparingTo("0.3");
        assertThat(c.includes())
                .containsExactly(
                        shared.toString().replace('\\', '/'), latency.toString().replace('\\', '/'));
    }

    @Test
    void aFileIncludedByTwoFiles_isReadOnce_withoutADuplicate() throws Exception {
        Path config = write(".release-policy.yaml", "include: [a.yaml, b.yaml]\n");
        write("a.yaml", "include: [common.yaml]\nmetricTemplates: {a: {query: a}}\n");
        write("b.yaml", "include: [./common.yaml]\nmetricTemplates: {b: {query: b}}\n");
        write("common.yaml", "metricTemplates: {common: {query: c}}\n");
        PolicyConfig c = PolicyConfig.load(config);
        assertThat(c.metricTemplates().problems()).isEmpty();
        assertThat(c.metricTemplates().templates().keySet()).containsExactly("a", "common", "b");
        assertThat(c.includes()).hasSize(3);
    }

    @Test
    void aMissingFile_isAFindingAtTheIncludeEntry() throws Exception {
        Path config = write(".release-policy.yaml", """
                include:
                  - templates/missing.yaml
                metricTemplates:
                  own: {query: up}
                """);
        PolicyConfig c = PolicyConfig.load(config);
        assertThat(c.metricTemplates().templates()).containsOnlyKeys("own");
        assertThat(c.metricTemplates().problems()).singleElement().satisfies(f -> {
            assertThat(f.policyId()).isEqualTo("config");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message())
                    .isEqualTo("the included file "
                            + dir.resolve("templates/missing.yaml").toString().replace('\\', '/')
                            + " does not exist");
            assertThat(f.hint()).contains("relative to the folder of").contains("not to the working directory");
            assertThat(f.location().toString()).isEqualTo(at(config, 2, 5));
            assertThat(f.pointer()).isEqualTo("/include/0");
        });
        assertThat(c.includes()).isEmpty();
    }

    @Test
    void aCycle_isAFindingAtTheIncludeThatClosesIt() throws Exception {
        Path config = write(".release-policy.yaml", "include: [a.yaml]\n");
        Path a = write("a.yaml", "include: [b.yaml]\nmetricTemplates: {a: {query: a}}\n");
        Path b = write("b.yaml", "metricTemplates: {b: {query: b}}\ninclude: [a.yaml]\n");
        MetricTemplates t = PolicyConfig.load(config).metricTemplates();
        assertThat(t.templates()).containsOnlyKeys("a", "b");
        String name = a.toString().replace('\\', '/');
        assertThat(t.problems()).singleElement().satisfies(f -> {
            assertThat(f.policyId()).isEqualTo("config");
            assertThat(f.message())
                    .isEqualTo("include cycle: " + name + " -> " + b.toString().replace('\\', '/') + " -> " + name);
            assertThat(f.hint()).startsWith("remove this include");
            assertThat(f.location().toString()).isEqualTo(at(b, 2, 11));
        });
    }

    @Test
    void aConfigurationIncludingItself_isACycle() throws Exception {
        Path config = write(".release-policy.yaml", "include: [../" + dir.getFileName() + "/.release-policy.yaml]\n");
        assertThat(PolicyConfig.load(config).metricTemplates().problems())
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).startsWith("include cycle: ");
                    assertThat(f.location().toString()).isEqualTo(at(config, 1, 11));
                });
    }

    @Test
    void aTemplateDefinedInTwoFiles_isAFindingNamingBothPlaces_theFirstWins() throws Exception {
        Path config = write(".release-policy.yaml", """
                include: [shared.yaml]
                metricTemplates:
                  error-rate: {query: mine, max: 0.01}
                """);
        Path shared = write("shared.yaml", """
                metricTemplates:
                  other: {query: o}
                  error-rate: {query: theirs, max: 0.05}
                """);
        MetricTemplates t = PolicyConfig.load(config).metricTemplates();
        assertThat(t.templates().get("error-rate").fields().path("query").asString())
                .isEqualTo("mine");
        assertThat(t.problems()).singleElement().satisfies(f -> {
            assertThat(f.policyId()).isEqualTo("config");
            assertThat(f.message())
                    .isEqualTo("the metric template 'error-rate' is defined twice: at " + at(config, 3, 3) + " and at "
                            + at(shared, 3, 3));
            assertThat(f.hint()).startsWith("rename one of them");
            assertThat(f.location().toString()).isEqualTo(at(shared, 3, 3));
            assertThat(f.pointer()).isEqualTo("/metricTemplates/error-rate");
        });
    }

    @Test
    void anotherTopLevelKeyInAnIncludedFile_isAFindingThere_itsTemplatesStillRead() throws Exception {
        Path config = write(".release-policy.yaml", "include: [shared.yaml]\n");
        Path shared = write("shared.yaml", """
                metricTemplates:
                  t: {query: up}
                rules:
                  checklist: {disabled: true}
                """);
        PolicyConfig c = PolicyConfig.load(config);
        assertThat(c.rules()).as("rules of an included file never apply").isEmpty();
        assertThat(c.metricTemplates().templates()).containsOnlyKeys("t");
        assertThat(c.metricTemplates().problems()).singleElement().satisfies(f -> {
            assertThat(f.policyId()).isEqualTo("config");
            assertThat(f.message()).isEqualTo("an included file holds only metricTemplates and include, not 'rules'");
            assertThat(f.hint())
                    .isEqualTo("move rules to " + config.toString().replace('\\', '/') + ": "
                            + shared.toString().replace('\\', '/') + " is included by "
                            + config.toString().replace('\\', '/'));
            assertThat(f.location().toString()).isEqualTo(at(shared, 3, 1));
            assertThat(f.pointer()).isEqualTo("/rules");
        });
    }

    @Test
    void badYamlOrABrokenTemplateInAnIncludedFile_isAFindingInThatFile() throws Exception {
        Path config = write(".release-policy.yaml", "include: [bad.yaml, broken.yaml]\n");
        Path bad = write("bad.yaml", "metricTemplates:\n  t: {query: [unclosed\n");
        Path broken = write("broken.yaml", "metricTemplates:\n  u:\n    args: service\n");
        PolicyConfig c = PolicyConfig.load(config);
        assertThat(c.metricTemplates().problems())
                .extracting(f -> f.location().file())
                .containsExactly(
                        bad.toString().replace('\\', '/'), broken.toString().replace('\\', '/'));
        assertThat(c.metricTemplates().problems()).allMatch(Finding::isBlockingError);
        assertThat(c.metricTemplates().problems().get(0).location().line()).isPositive();
        assertThat(c.metricTemplates().problems().get(1).location().toString()).isEqualTo(at(broken, 3, 11));
        assertThat(c.includes()).as("read, so part of the digest").hasSize(2);
    }

    @Test
    void theIncludeListOfTheConfiguration_isCheckedByItsSchema() throws Exception {
        Path config = write(".release-policy.yaml", "include: shared.yaml\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicyConfig.load(config))
                .isInstanceOf(dev.releasepolicy.core.options.UsageException.class)
                .hasMessageContaining(at(config, 1, 10));
    }
}
