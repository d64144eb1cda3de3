package dev.releasepolicy.core.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No line of main code in any module is longer than 120 columns. The formatter keeps code within it
 * but never splits string literals or comments, so those are checked here.
 */
class LineLengthTest {

    private static final int MAX = 120;
    private static final List<String> MODULES = List.of("core", "executor", "cli", "maven-plugin");

    @Test
    void mainCode_hasNoLineOverTheLimit() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> tooLong = new ArrayList<>();
        for (String module : MODULES) {
            Path sources = root.resolve(module).resolve("src/main/java");
            assertThat(sources).as("main sources of module " + module).isDirectory();
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> check(root, f, tooLong));
            }
        }
        assertThat(tooLong).as("lines over " + MAX + " columns (wrap them)").isEmpty();
    }

    private static void check(Path root, Path file, List<String> tooLong) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).codePointCount(0, lines.get(i).length()) > MAX) {
                    tooLong.add(root.relativize(file) + ":" + (i + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
