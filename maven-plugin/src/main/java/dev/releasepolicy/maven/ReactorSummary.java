package dev.releasepolicy.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.SessionData;

/**
 * Collects each module's verify result in the session and, when the last module that runs the goal
 * has reported, logs one summary for the whole reactor. Works with parallel builds ({@code -T}):
 * results live in the resolver session's thread-safe data store and only JDK types are stored there
 * (modules may load the plugin in different class realms); an atomic flag makes exactly one module
 * print the summary, whichever finishes last.
 *
 * <p>Which modules are expected: all of the build's projects when the goal was named on the command
 * line, otherwise those whose POM binds the goal. A single-module build prints no extra summary.
 */
final class ReactorSummary {

    private static final String RESULTS = "dev.releasepolicy.maven.reactor.results";
    private static final String PRINTED = "dev.releasepolicy.maven.reactor.printed";

    /**
     * One module's result.
     *
     * @param skipped why the module was not checked ({@code ""} when it was)
     */
    record Entry(String module, long manifests, long errors, long warnings, String skipped) {

        String describe() {
            if (!skipped.isEmpty()) {
                return skipped;
            }
            return plural(manifests, "manifest") + ", " + plural(errors, "error") + ", " + plural(warnings, "warning");
        }
    }

    private ReactorSummary() {}

    /** Records {@code entry} for the current project and logs the reactor summary if it was the last one. */
    static void record(MavenSession session, MavenProject current, MojoExecution execution, Entry entry, Log log) {
        if (session == null || session.getRepositorySession() == null) {
            return;
        }
        var data = session.getRepositorySession().getData();
        @SuppressWarnings("unchecked")
        Map<String, Object[]> results = (Map<String, Object[]>) computeIfAbsent(data, RESULTS, ConcurrentHashMap::new);
        results.put(
                id(current),
                new Object[] {entry.module(), entry.manifests(), entry.errors(), entry.warnings(), entry.skipped()});

        List<MavenProject> expected = expected(session, execution);
        if (expected.size() < 2 || !expected.stream().allMatch(p -> results.containsKey(id(p)))) {
            return;
        }
        AtomicBoolean printed = (AtomicBoolean) computeIfAbsent(data, PRINTED, AtomicBoolean::new);
        if (!printed.compareAndSet(false, true)) {
            return;
        }
        List<Entry> entries = new ArrayList<>();
        for (MavenProject p : expected) {
            Object[] r = results.get(id(p));
            entries.add(new Entry((String) r[0], (Long) r[1], (Long) r[2], (Long) r[3], (String) r[4]));
        }
        for (String line : lines(entries)) {
            log.info(line);
        }
    }

    /**
     * {@code SessionData.computeIfAbsent} for resolvers older than 1.9 (Maven 3.6.3 and 3.8 ship 1.4 and
     * 1.6, which have only get and a compare-and-set), so parallel modules still agree on one value.
     */
    private static Object computeIfAbsent(SessionData data, String key, Supplier<Object> create) {
        Object value = data.get(key);
        while (value == null) {
            Object candidate = create.get();
            if (data.set(key, null, candidate)) {
                return candidate;
            }
            value = data.get(key);
        }
        return value;
    }

    /** The summary block: a total line, then one line per module in reactor order. */
    static List<String> lines(List<Entry> entries) {
        long checked = entries.stream().filter(e -> e.skipped().isEmpty()).count();
        long manifests = entries.stream().mapToLong(Entry::manifests).sum();
        long errors = entries.stream().mapToLong(Entry::errors).sum();
        long warnings = entries.stream().mapToLong(Entry::warnings).sum();
        int width = entries.stream().mapToInt(e -> e.module().length()).max().orElse(0) + 2;
        List<String> lines = new ArrayList<>();
        lines.add(MojoErrors.PREFIX + "reactor summary: " + checked + " of " + plural(entries.size(), "module")
                + " checked, " + plural(manifests, "manifest") + ", " + plural(errors, "error") + ", "
                + plural(warnings, "warning"));
        for (Entry e : entries) {
            StringBuilder dots = new StringBuilder(" ");
            while (e.module().length() + dots.length() < width) {
                dots.append('.');
            }
            lines.add("  " + e.module() + dots + " " + e.describe());
        }
        return lines;
    }

    private static List<MavenProject> expected(MavenSession session, MojoExecution execution) {
        List<MavenProject> projects = session.getProjects() == null ? List.of() : session.getProjects();
        if (execution != null && execution.getSource() == MojoExecution.Source.CLI) {
            return projects;
        }
        String key = execution == null ? "" : execution.getGroupId() + ":" + execution.getArtifactId();
        String goal = execution == null ? "verify" : execution.getGoal();
        return projects.stream().filter(p -> binds(p, key, goal)).toList();
    }

    private static boolean binds(MavenProject project, String pluginKey, String goal) {
        for (Plugin plugin : project.getBuildPlugins()) {
            if (Objects.equals(plugin.getKey(), pluginKey)
                    && plugin.getExecutions().stream()
                            .anyMatch(x -> x.getGoals().contains(goal))) {
                return true;
            }
        }
        return false;
    }

    private static String id(MavenProject p) {
        return p.getGroupId() + ":" + p.getArtifactId() + ":" + p.getVersion();
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
