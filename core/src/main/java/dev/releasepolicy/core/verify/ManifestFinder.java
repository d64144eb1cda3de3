package dev.releasepolicy.core.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns the paths a user gave into the files to check: a file is taken as it is; a directory is
 * searched recursively for {@code *.yaml} / {@code *.yml} (hidden folders and {@code target/}
 * skipped), in sorted order so results are deterministic.
 */
public final class ManifestFinder {

    /** A file to check; {@code explicit} when the user named it rather than a folder holding it. */
    public record Candidate(Path path, String displayName, boolean explicit) {}

    private ManifestFinder() {}

    /**
     * Finds the files under the given paths.
     *
     * @throws NoSuchFileException when a given path does not exist (a usage error)
     */
    public static List<Candidate> find(List<Path> paths) throws NoSuchFileException {
        List<Candidate> out = new ArrayList<>();
        // A file given twice (or given and also found in a folder given) is checked and counted once.
        Set<Path> seen = new HashSet<>();
        for (Path given : paths) {
            if (!Files.exists(given)) {
                throw new NoSuchFileException(given.toString(), null, "no such file or directory");
            }
            if (Files.isDirectory(given)) {
                try (Stream<Path> walk = Files.walk(given)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> isYaml(p) && !inSkippedFolder(given, p))
                            .sorted()
                            .filter(p -> seen.add(p.toAbsolutePath().normalize()))
                            .forEach(p -> out.add(new Candidate(p, display(p), false)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (seen.add(given.toAbsolutePath().normalize())) {
                out.add(new Candidate(given, display(given), true));
            }
        }
        return out;
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static boolean inSkippedFolder(Path root, Path file) {
        Path rel = root.relativize(file);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            String part = rel.getName(i).toString();
            if (part.startsWith(".") || part.equals("target") || part.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    private static String display(Path p) {
        return p.normalize().toString().replace('\\', '/');
    }
}
