package dev.releasepolicy.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes the manifest loader with a bounded number of generated inputs per run (a few seconds in CI):
 * YAML assembled from hostile fragments (anchors, aliases, merge keys, tags, quotes, characters beyond
 * U+FFFF, control characters, huge numbers, deep nesting) and byte-level mutations of a reference
 * manifest. Whatever comes in, the loader answers with manifests and findings, never an exception;
 * every finding is well-formed (a message, a hint, a location inside the file, no Java names) and every
 * located value lies inside the file. The inputs come from a seeded generator: each run checks the same
 * cases, and a failure names the seed and the case to replay ({@code -Dfuzz.seed=N} explores others).
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

    /** The seed of the generator: fixed, so CI is repeatable; {@code -Dfuzz.seed=N} to explore further. */
    private static final long SEED = Long.getLong("fuzz.seed", 20261206L);

    @Test
    void generatedYaml_isLoadedOrRefusedWithWellFormedFindings() {
        Random random = new Random(SEED);
        for (int c = 0; c < 400; c++) {
            StringBuilder yaml = new StringBuilder();
            int pieces = 1 + random.nextInt(60);
            for (int i = 0; i < pieces; i++) {
                yaml.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
            }
            String text = yaml.toString();
            check(text.getBytes(StandardCharsets.UTF_8), text, "seed " + SEED + ", case " + c);
        }
    }

    private static final int[] SYNTAX = {' ', ':', '-', '\n', '&', '*', '"', '{'};

    @Test
    void mutatedReferenceManifest_isLoadedOrRefusedWithWellFormedFindings() {
        Random random = new Random(SEED + 1);
        for (int c = 0; c < 300; c++) {
            byte[] bytes = REFERENCE.clone();
            int edits = 1 + random.nextInt(8);
            for (int i = 0; i < edits; i++) {
                int value = random.nextBoolean() ? SYNTAX[random.nextInt(SYNTAX.length)] : random.nextInt(256);
                bytes[random.nextInt(bytes.length)] = (byte) value;
            }
            check(bytes, new String(bytes, StandardCharsets.UTF_8), "seed " + (SEED + 1) + ", case " + c);
        }
    }

    @Test
    void deeplyNestedAliases_areBounded() {
        for (int levels = 1; levels <= 12; levels++) {
            StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (int i = 1; i <= levels; i++) {
                y.append('a').append(i).append(": &a").append(i).append(" [");
                for (int j = 0; j < 10; j++) {
                    y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
                }
                y.append("]\n");
            }
            check(y.toString().getBytes(StandardCharsets.UTF_8), y.toString(), levels + " levels");
        }
    }

    private static void check(byte[] bytes, String text, String which) {
        LoadedFile f = LOADER.parse("f.yaml", bytes);
        int lines = text.split("\n", -1).length + 1;
        for (Finding d : f.findings()) {
            assertThat(d.message()).as(which).isNotBlank();
            assertThat(d.hint()).as(which).isNotBlank();
            assertThat(d.location().file()).as(which).isEqualTo("f.yaml");
            assertThat(d.location().line()).as(which).isBetween(0, lines);
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
