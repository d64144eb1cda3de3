package dev.releasepolicy.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
}
