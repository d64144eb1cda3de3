package dev.releasepolicy.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ManifestLoaderTest {

    private final ManifestLoader loader = new ManifestLoader();

    private LoadedFile parse(String yaml) {
        return loader.parse("m.yaml", yaml);
    }

    private static List<String> ids(LoadedFile f) {
        return f.findings().stream().map(Finding::policyId).toList();
    }

    @Test
    void parse_nestedValues_keepLineAndColumnOfEveryPointer() {
        LoadedFile f = parse("""
                kind: Release
                spec:
                  replicas: 3
                  steps:
                    - setWeight: 5
                    - pause: {duration: 30m}
                """);
        assertThat(f.findings()).isEmpty();
        SourceMap map = f.manifests().get(0).sourceMap();
        assertThat(map.locate("/spec/replicas").toString()).isEqualTo("m.yaml:3:13");
        assertThat(map.locate("/spec/steps/0/setWeight").toString()).isEqualTo("m.yaml:5:18");
        assertThat(map.locate("/spec/steps/1/pause/duration").toString()).isEqualTo("m.yaml:6:25");
        assertThat(map.locateKey("/spec/replicas").toString()).isEqualTo("m.yaml:3:3");
        assertThat(map.locate("/spec/nothing/here").toString()).isEqualTo("m.yaml:3:3");
    }

    @Test
    void parse_severalDocuments_givesOneManifestEach() {
        LoadedFile f = parse("kind: Release\nmetadata: {name: a}\n---\nkind: Release\nmetadata: {name: b}\n");
        assertThat(f.manifests()).extracting(Manifest::name).containsExactly("a", "b");
        assertThat(f.manifests().get(1).document()).isEqualTo(1);
        assertThat(f.manifests().get(1).sourceMap().locate("/metadata/name").line())
                .isEqualTo(5);
    }

    @Test
    void parse_duplicateKey_isAnErrorAtTheSecondKey() {
        LoadedFile f = parse("spec:\n  image: a\n  image: b\n");
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.policyId()).isEqualTo(ManifestLoader.DUPLICATE_KEY);
            assertThat(d.severity()).isEqualTo(Severity.ERROR);
            assertThat(d.location().toString()).isEqualTo("m.yaml:3:3");
            assertThat(d.pointer()).isEqualTo("/spec/image");
            assertThat(d.message()).contains("first at line 2");
        });
        assertThat(f.manifests().get(0).tree().at("/spec/image").asString()).isEqualTo("a");
    }

    @Test
    void parse_aliases_areExpandedNotTurnedIntoStrings() {
        LoadedFile f = parse("""
                base: &base {image: app, replicas: 2}
                list: &steps [1, 2]
                name: &n hello
                copy: *base
                again: *steps
                scalar: *n
                merged:
                  <<: *base
                  replicas: 5
                """);
        assertThat(f.findings()).isEmpty();
        var tree = f.manifests().get(0).tree();
        assertThat(tree.at("/copy/image").asString()).isEqualTo("app");
        assertThat(tree.at("/again/1").asInt()).isEqualTo(2);
        assertThat(tree.at("/scalar").asString()).isEqualTo("hello");
        assertThat(tree.at("/merged/image").asString()).isEqualTo("app");
        assertThat(tree.at("/merged/replicas").asInt()).isEqualTo(5);
    }

    @Test
    void parse_unknownAlias_isAFinding() {
        LoadedFile f = parse("a: *nope\n");
        assertThat(ids(f)).contains(ManifestLoader.ALIAS);
    }

    @Test
    @Timeout(5)
    void parse_aliasBomb_isRefusedWithAFinding() {
        StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        LoadedFile f = parse(y.toString());
        assertThat(f.manifests()).isEmpty();
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.policyId()).isEqualTo(ManifestLoader.ALIAS);
            assertThat(d.message()).contains("alias bomb");
        });
    }

    @Test
    @Timeout(5)
    void parse_deepNesting_isRefusedWithAFinding() {
        String deep = "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        LoadedFile f = parse(deep);
        assertThat(f.manifests()).isEmpty();
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.policyId()).isEqualTo(ManifestLoader.YAML);
            assertThat(d.hint()).contains("nested at most");
        });
    }

    @Test
    @Timeout(5)
    void parse_deepBlockNesting_isRefusedWithAFinding() {
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            y.append(" ".repeat(i)).append("k:\n");
        }
        LoadedFile f = parse(y.toString());
        assertThat(f.manifests()).isEmpty();
        assertThat(ids(f)).containsExactly(ManifestLoader.YAML);
    }

    @Test
    @Timeout(5)
    void load_fileOverSizeLimit_isRefusedUnread(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yaml");
        byte[] line =
                "key: value value value value value value value value value value\n".getBytes(StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(big)) {
            for (long written = 0; written <= LoadLimits.DEFAULT.maxFileBytes(); written += line.length) {
                out.write(line);
            }
        }
        LoadedFile f = loader.load(big, "big.yaml");
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.policyId()).isEqualTo(ManifestLoader.INPUT);
            assertThat(d.message()).contains("over the limit");
        });
    }

    @Test
    @Timeout(5)
    void parse_binaryGarbage_isRefused() {
        byte[] garbage = new byte[4096];
        new java.util.Random(42).nextBytes(garbage);
        garbage[10] = 0;
        LoadedFile f = loader.parse("bin.yaml", garbage);
        assertThat(f.manifests()).isEmpty();
        assertThat(f.findings())
                .singleElement()
                .satisfies(d -> assertThat(d.message()).contains("binary"));
    }

    @Test
    void parse_nonUtf8_isRefusedWithTheOffset() {
        byte[] latin1 = "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        LoadedFile f = loader.parse("latin1.yaml", latin1);
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("not valid UTF-8").contains("offset 9");
            assertThat(d.hint()).contains("UTF-8");
        });
    }

    @Test
    void parse_utf16_isRefused() {
        byte[] utf16 = "kind: Release\n".getBytes(StandardCharsets.UTF_16);
        assertThat(loader.parse("u.yaml", utf16).findings())
                .singleElement()
                .satisfies(d -> assertThat(d.message()).contains("UTF-16"));
    }

    @Test
    void parse_utf8Bom_isAccepted() {
        byte[] bom = ("\uFEFFkind: Release\n").getBytes(StandardCharsets.UTF_8);
        LoadedFile f = loader.parse("bom.yaml", bom);
        assertThat(f.findings()).isEmpty();
        assertThat(f.manifests().get(0).kind()).isEqualTo("Release");
    }

    @Test
    void parse_emptyOrCommentOnlyFile_isAnError() {
        assertThat(parse("").findings())
                .singleElement()
                .satisfies(d -> assertThat(d.message()).contains("empty"));
        assertThat(parse("# nothing\n---\n").findings())
                .singleElement()
                .satisfies(d -> assertThat(d.severity()).isEqualTo(Severity.ERROR));
    }

    @Test
    void parse_syntaxError_isAFindingWithLine() {
        LoadedFile f = parse("kind: Release\nspec: {a: 1\nb: 2\n");
        assertThat(f.findings()).singleElement().satisfies(d -> {
            assertThat(d.policyId()).isEqualTo(ManifestLoader.YAML);
            assertThat(d.location().line()).isGreaterThan(1);
            assertThat(d.message()).startsWith("YAML syntax error");
        });
    }

    @Test
    void parse_yaml11Scalars_areWarningsThatSayToQuote() {
        LoadedFile f = parse("""
                version: 1.10
                enabled: no
                mode: 012
                from: 22:00
                quoted: "no"
                tagged: !!str yes
                ok: 1.5
                """);
        assertThat(f.findings()).extracting(Finding::pointer).containsExactly("/version", "/enabled", "/mode", "/from");
        assertThat(f.findings()).allSatisfy(d -> {
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.hint()).contains("quote it");
        });
        var tree = f.manifests().get(0).tree();
        assertThat(tree.at("/enabled").asString()).isEqualTo("no");
        assertThat(tree.at("/from").asString()).isEqualTo("22:00");
        assertThat(f.manifests().get(0).sourceMap().rawScalar("/version")).contains("1.10");
    }

    @Test
    void parse_scalarRoot_isNotAManifest() {
        LoadedFile f = parse("just text\n");
        assertThat(f.manifests()).isEmpty();
        assertThat(f.findings())
                .singleElement()
                .satisfies(d -> assertThat(d.message()).contains("not a mapping"));
    }

    @Test
    @Timeout(5)
    void parse_manyHostileInputs_neverThrow() {
        List<String> inputs = List.of(
                "{",
                "[",
                "- - - -",
                "a: b: c",
                "\t\tkey: v",
                "'",
                "\"",
                "key: |\n  x\n y",
                "&a [*a]",
                "? [a]\n: b",
                "%YAML 9.9\n---\na: 1",
                "a: !!binary Zm9v",
                "\u0007: x");
        for (String in : inputs) {
            LoadedFile f = parse(in);
            assertThat(f).isNotNull();
        }
    }
}
