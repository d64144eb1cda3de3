package dev.releasepolicy.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.schema.SchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile-manifest regression suite (issue 15): each case here is an attack or a misleading
 * message seen against the loader. Characters beyond U+FFFF come first on purpose: they take two
 * UTF-16 units but one code point, the unit the YAML parser counts in.
 */
class HostileManifestTest {

    private static final String EMOJI = "\uD83D\uDE00"; // U+1F600, one code point, two UTF-16 units

    private final ManifestLoader loader = new ManifestLoader();

    private LoadedFile parse(String yaml) {
        return loader.parse("m.yaml", yaml);
    }

    private static List<String> ids(LoadedFile f) {
        return f.findings().stream().map(Finding::policyId).toList();
    }

    @Test
    @DisplayName("an emoji comment line does not make a quoted \"22:00\" look unquoted")
    void emojiCommentBeforeQuotedTime_isNoAmbiguousScalar() {
        LoadedFile f = parse("# " + EMOJI + "\n# " + EMOJI + EMOJI + "\nwindow:\n  from: \"22:00\"\n  to: '02:00'\n");
        assertThat(f.findings()).isEmpty();
        assertThat(f.manifests().get(0).tree().at("/window/from").asString()).isEqualTo("22:00");
    }

    @Test
    @DisplayName("an emoji before an unquoted 22:00 still warns, at the right column")
    void emojiBeforeUnquotedTime_warnsAtItsColumn() {
        LoadedFile f = parse("# " + EMOJI + "\nw: [\"" + EMOJI + EMOJI + "\", 22:00, \"23:00\"]\n");
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.policyId()).isEqualTo(ManifestLoader.AMBIGUOUS_SCALAR);
            // w(1) :(2) ' '(3) [(4) "(5) E(6) E(7) "(8) ,(9) ' '(10) 2(11): columns count code points
            assertThat(d.location().toString()).isEqualTo("m.yaml:2:11");
            assertThat(d.pointer()).isEqualTo("/w/1");
        });
    }

    @Test
    @DisplayName("an emoji earlier on the line does not make an alias resolve to an earlier anchor")
    void emojiBeforeAnchor_aliasResolvesToTheLatestAnchor() {
        LoadedFile f = parse("""
                spec:
                  version: &a 2.6.3
                  note: ["%1$s", &a 2.7.0]
                  rollback: {to: *a}
                """.formatted(EMOJI));
        assertThat(f.findings()).isEmpty();
        assertThat(f.manifests().get(0).tree().at("/spec/rollback/to").asString())
                .isEqualTo("2.7.0");
    }

    @Test
    @DisplayName("a scalar anchor after emoji on the same line is found, also after tags")
    void emojiBeforeTaggedAnchor_isFound() {
        LoadedFile f = parse("a: {x: \"" + EMOJI + "\", y: &b !!str v1}\nb: *b\n");
        assertThat(f.findings()).isEmpty();
        assertThat(f.manifests().get(0).tree().at("/b").asString()).isEqualTo("v1");
    }

    @Test
    @DisplayName("findings after emoji carry line:column in code points")
    void emojiBeforeDuplicateKey_findingColumnCountsCodePoints() {
        LoadedFile f = parse(EMOJI + EMOJI + ": 1\nm: {" + EMOJI + ": 1, k: 1, k: 2}\n");
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.policyId()).isEqualTo(ManifestLoader.DUPLICATE_KEY);
            // m(1) :(2) ' '(3) {(4) E(5) :(6) ' '(7) 1(8) ,(9) ' '(10) k(11) ...(12-15) ' '(16) k(17)
            assertThat(d.location().toString()).isEqualTo("m.yaml:2:17");
        });
        SourceMap map = f.manifests().get(0).sourceMap();
        assertThat(map.locate("/m/k").toString()).isEqualTo("m.yaml:2:14");
    }

    @Test
    @DisplayName("an emoji before a quoted merge key keeps it a plain key")
    void emojiBeforeQuotedMergeKey_isAnOrdinaryKey() {
        LoadedFile f = parse("base: &b {x: 1}\nm: {e: \"" + EMOJI + "\", \"<<\": *b}\n");
        assertThat(f.findings()).isEmpty();
        assertThat(f.manifests().get(0).tree().at("/m/<<").isObject()).isTrue();
        assertThat(f.manifests().get(0).tree().at("/m/x").isMissingNode()).isTrue();
    }

    @Test
    @Timeout(20)
    @DisplayName("163,000 alerts written out without a single alias are not an alias bomb")
    void manyValuesWithoutAliases_areAccepted() {
        StringBuilder y = new StringBuilder("spec:\n  monitoring:\n    alerts:\n");
        for (int i = 0; i < 163_000; i++) {
            y.append("      - Alert").append(i).append('\n');
        }
        LoadedFile f = parse(y.toString());
        assertThat(f.findings()).isEmpty();
        assertThat(f.manifests().get(0).tree().at("/spec/monitoring/alerts").size())
                .isEqualTo(163_000);
    }

    @Test
    @Timeout(5)
    @DisplayName("an alias bomb is refused naming the limit and the alias where it was reached")
    void aliasBomb_namesTheLimitAndTheAlias() {
        StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        LoadedFile f = parse(y.toString());
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.policyId()).isEqualTo(ManifestLoader.ALIAS);
            assertThat(d.message()).contains("100000 values").contains("alias *a3");
            assertThat(d.location().line()).isEqualTo(5);
            assertThat(d.location().column()).isGreaterThan(1);
        });
    }

    @Test
    @DisplayName("a 2,001-digit integer is refused at its line:column, with a hint about number size")
    void hugeInteger_isRefusedAtItsPlaceWithANumberHint() {
        LoadedFile f = parse("kind: Release\nspec:\n  replicas: " + "9".repeat(2001) + "\n");
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.policyId()).isEqualTo(ManifestLoader.YAML);
            assertThat(d.location().toString()).isEqualTo("m.yaml:3:13");
            assertThat(d.message()).contains("2001 digits").contains("1000 digits");
            assertThat(d.hint()).contains("digits").doesNotContain("nested");
            assertNoJavaNames(d);
        });
    }

    @Test
    @DisplayName("too deep nesting says how deep, where, without Java names")
    void deepNesting_saysTheDepthAndWhere() {
        LoadedFile f = parse("a: " + "[".repeat(70) + "]".repeat(70) + "\n");
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("65 levels").contains("limit of 64");
            assertThat(d.location().line()).isEqualTo(1);
            assertNoJavaNames(d);
        });
    }

    @Test
    @DisplayName("a 60,000-character key is refused at the key, without Java names")
    void hugeKey_isRefusedAtTheKey() {
        LoadedFile f = parse("a: {" + "k".repeat(60_000) + ": 1}\n");
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("key of 60000 characters");
            assertThat(d.location().toString()).isEqualTo("m.yaml:1:5");
            assertNoJavaNames(d);
        });
    }

    @Test
    @DisplayName("syntax errors name no Java class")
    void syntaxErrors_nameNoJavaClass() {
        for (String bad : List.of("a: [1, 2\n", "a: 'x\n", "a:\n- b\n c: d\n", "{a: b}}\n", "&x a: *\n")) {
            LoadedFile f = parse(bad);
            assertThat(f.findings()).isNotEmpty();
            f.findings().forEach(HostileManifestTest::assertNoJavaNames);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", ".inf", "-.inf", ".nan"})
    @DisplayName("max: 1e400, .inf or .nan does not say 'must be a number, not a number'")
    void nonFiniteNumber_saysWhatIsWrongWithIt(String written) throws Exception {
        String yaml = Files.readString(Path.of("..", "examples", "canary-api.yaml"))
                .replaceFirst("max: 0\\.01", "max: " + written);
        LoadedFile f = parse(yaml);
        assertThat(f.findings()).isEmpty();
        List<Finding> schema =
                SchemaValidator.releaseManifest().validate(f.manifests().get(0));
        assertThat(schema).singleElement().satisfies(d -> {
            assertThat(d.message())
                    .doesNotContain("not a number,")
                    .doesNotEndWith("not a number")
                    .contains("finite number")
                    .contains(written);
            assertThat(d.location().line()).isEqualTo(54);
            assertNoJavaNames(d);
        });
    }

    @Test
    @DisplayName("YAML-1.1 warnings on sensitive header values do not quote the value back")
    void ambiguousSecretHeaderValues_areNotQuotedBack() {
        LoadedFile f = parse("headers: {X-Api-Key: 0731946285, Authorization: 22:14:07, X-Token: 1.10, X-Auth: no,"
                + " X-Severity: off}\n");
        assertThat(f.findings()).hasSize(5);
        String all = f.findings().toString();
        assertThat(all)
                .doesNotContain("0731946285")
                .doesNotContain("22:14:07")
                .doesNotContain("1.10")
                .doesNotContain("number 1.1");
        assertThat(f.findings().get(4).message()).contains("'off'");
        assertThat(f.findings().get(4).hint()).contains("\"off\"");
    }

    static void assertNoJavaNames(Finding d) {
        String text = d.message() + " " + d.hint();
        assertThat(text)
                .doesNotContainPattern("[A-Za-z]+\\.[a-z][A-Za-z]+\\(\\)")
                .doesNotContainPattern("[A-Z][A-Za-z]+\\$[A-Za-z]+")
                .doesNotContainPattern("@[0-9a-f]{6,}")
                .doesNotContain("Exception")
                .doesNotContain("tools.jackson")
                .doesNotContain("StreamReadConstraints");
    }
}
