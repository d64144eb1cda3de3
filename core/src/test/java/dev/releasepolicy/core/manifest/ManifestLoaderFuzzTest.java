package dev.releasepolicy.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes the manifest loader with a bounded number of generated inputs per run (a few seconds in CI):
 * YAML assembled from hostile fragments (anchors, aliases, merge keys, tags, quotes, characters beyond
 * U+FFFF, control characters, huge numbers, deep nesting) and byte-level mutations of a reference
 * manifest. Whatever comes in, the loader answers with manifests and findings, never an exception;
 * every finding is well-formed (a message, a hint, a location inside the file, no Java names) and every
 * located value lies inside the file.
 */
class ManifestLoaderFuzzTest {

    private static final ManifestLoader LOADER = new ManifestLoader();
    private static final byte[] REFERENCE = read(Path.of("..", "examples", "canary-api.yaml"));

    private static final List<String> FRAGMENTS = List.of(
            "a: ",
            "b:",
            "- ",
            "  ",
            "    ",
            "\n",
            "\n  ",
            "\n- ",
            "{",
            "}",
            "[",
            "]",
            ", ",
            ": ",
            "? ",
            "&x ",
            "&y ",
            "*x",
            "*y",
            "*nope",
            "<<: ",
            "<<: *x",
            "!!str ",
            "!!int ",
            "!tag ",
            "\"",
            "'",
            "\"22:00\"",
            "22:00",
            "'q'",
            "no",
            "on",
            "012",
            "1.10",
            "1e400",
            ".inf",
            ".nan",
            "-.inf",
            "~",
            "null",
            "|\n  text\n",
            ">-\n  folded\n",
            "# comment\n",
            "# \uD83D\uDE00\n",
            "\uD83D\uDE00",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
            "\u00E9",
            "\u4E2D\u6587",
            "\u2028",
            "\u0085",
            "\t",
            "\r\n",
            "\u0007",
            "\u001B[31m",
            "---\n",
            "...\n",
            "%YAML 1.2\n",
            "9".repeat(1200),
            "k".repeat(300),
            "https://u:p@h.example.com/x?token=t",
            "kind: Release\n",
            "apiVersion: x\n");

    @Property(tries = 400)
    void generatedYaml_isLoadedOrRefusedWithWellFormedFindings(@ForAll("yaml") String yaml) {
        check(yaml.getBytes(StandardCharsets.UTF_8), yaml);
    }

    @Property(tries = 300)
    void mutatedReferenceManifest_isLoadedOrRefusedWithWellFormedFindings(
            @ForAll("mutations") List<Map.Entry<Integer, Integer>> edits) {
        byte[] bytes = REFERENCE.clone();
        for (Map.Entry<Integer, Integer> e : edits) {
            bytes[Math.floorMod(e.getKey(), bytes.length)] = (byte) (int) e.getValue();
        }
        check(bytes, new String(bytes, StandardCharsets.UTF_8));
    }

    @Property(tries = 50)
    void deeplyNestedAliases_areBounded(@ForAll @IntRange(min = 1, max = 12) int levels) {
        StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= levels; i++) {
            y.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        check(y.toString().getBytes(StandardCharsets.UTF_8), y.toString());
    }

    @Provide
    Arbitrary<String> yaml() {
        return Arbitraries.of(FRAGMENTS).list().ofMinSize(1).ofMaxSize(60).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<List<Map.Entry<Integer, Integer>>> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Integer> value = Arbitraries.oneOf(
                Arbitraries.of((int) ' ', (int) ':', (int) '-', (int) '\n', (int) '&', (int) '*', (int) '"', (int) '{'),
                Arbitraries.integers().between(0, 255));
        return Combinators.combine(at, value).as(Map::entry).list().ofMinSize(1).ofMaxSize(8);
    }

    private static void check(byte[] bytes, String text) {
        LoadedFile f = LOADER.parse("f.yaml", bytes);
        int lines = text.split("\n", -1).length + 1;
        for (Finding d : f.findings()) {
            assertThat(d.message()).isNotBlank();
            assertThat(d.hint()).isNotBlank();
            assertThat(d.location().file()).isEqualTo("f.yaml");
            assertThat(d.location().line()).isBetween(0, lines);
            HostileManifestTest.assertNoJavaNames(d);
        }
        for (Manifest m : f.manifests()) {
            assertLocated(m.tree(), "", m.sourceMap(), lines);
        }
    }

    private static void assertLocated(JsonNode node, String pointer, SourceMap map, int lines) {
        assertThat(map.locate(pointer).line()).isBetween(1, lines);
        if (node.isObject()) {
            node.properties().stream()
                    .limit(50)
                    .forEach(
                            e -> assertLocated(e.getValue(), pointer + "/" + SourceMap.escape(e.getKey()), map, lines));
        } else if (node.isArray()) {
            for (int i = 0; i < Math.min(50, node.size()); i++) {
                assertLocated(node.get(i), pointer + "/" + i, map, lines);
            }
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
