package dev.releasepolicy.core.verify;

import dev.releasepolicy.core.finding.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Everything one {@code verify} run found, in a deterministic order: files as found (sorted within
 * directories), manifests in file and document order.
 */
public record VerifyReport(List<FileResult> files, List<ManifestResult> manifests) {

    public VerifyReport {
        files = List.copyOf(files);
        manifests = List.copyOf(manifests);
    }

    /** Every finding, sorted by file, line, column ({@link Finding#ORDER}). */
    public List<Finding> findings() {
        List<Finding> all = new ArrayList<>();
        files.forEach(f -> all.addAll(f.findings()));
        manifests.forEach(m -> all.addAll(m.findings()));
        all.sort(Finding.ORDER);
        return all;
    }

    private Stream<Finding> stream() {
        return Stream.concat(
                files.stream().flatMap(f -> f.findings().stream()),
                manifests.stream().flatMap(m -> m.findings().stream()));
    }

    public long errors() {
        return stream().filter(Finding::isBlockingError).count();
    }

    public long warnings() {
        return stream().filter(Finding::isOpenWarning).count();
    }

    public long waived() {
        return stream().filter(f -> f.waiver().isPresent()).count();
    }

    /**
     * The closing line: {@code N manifests, E errors, W warnings[, K waived]}, with the files that held no
     * readable manifest because of an error (a YAML syntax error, an empty or refused file) counted as
     * such: {@code 2 manifests and 1 unreadable file, ...}, so three files given never read as two.
     */
    public String summary() {
        long w = waived();
        long unreadable = unreadableFiles();
        return plural(manifests.size(), "manifest")
                + (unreadable > 0 ? " and " + plural(unreadable, "unreadable file") : "") + ", "
                + plural(errors(), "error") + ", " + plural(warnings(), "warning")
                + (w > 0 ? ", " + w + " waived" : "");
    }

    /** Files with a blocking error of their own and no manifest read from them. */
    public long unreadableFiles() {
        Set<String> read = new HashSet<>();
        manifests.forEach(m -> read.add(m.file()));
        return files.stream()
                .filter(f -> !read.contains(f.file()))
                .filter(f -> f.findings().stream().anyMatch(Finding::isBlockingError))
                .map(FileResult::file)
                .distinct()
                .count();
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
