package dev.releasepolicy.executor.kube;

import dev.releasepolicy.core.options.UsageException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What release-policy needs to know of the kubeconfig before it talks to a cluster, found as kubectl finds it
 * ({@code --kubeconfig}, else every file of {@code $KUBECONFIG} that exists, else {@code ~/.kube/config}; the
 * first file to set a context or the current context wins): its contexts with their namespaces, and the current
 * context. So a missing kubeconfig, a {@code --context} that names no context, and the namespace a command
 * defaults to are all said before any request (fabric8 would otherwise quietly fall back to defaults).
 *
 * @param files      the files read, in order
 * @param contexts   each context's name and its namespace, if it sets one
 * @param current    the current context
 */
public record Kubeconfig(List<Path> files, Map<String, Optional<String>> contexts, Optional<String> current) {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    public Kubeconfig {
        files = List.copyOf(files);
        contexts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(contexts));
    }

    /**
     * The kubeconfig as kubectl would find it, or empty when there is none (no {@code --kubeconfig}, no
     * existing file in {@code $KUBECONFIG} or at {@code ~/.kube/config}).
     *
     * @param given the {@code --kubeconfig} file
     * @param env   the environment ({@code KUBECONFIG}, {@code HOME})
     * @throws UsageException when a file cannot be read or parsed
     */
    public static Optional<Kubeconfig> find(Optional<Path> given, UnaryOperator<String> env) {
        List<Path> files = new ArrayList<>();
        if (given.isPresent()) {
            if (!Files.isRegularFile(given.get())) {
                throw new UsageException("--kubeconfig " + given.get() + ": no such file");
            }
            files.add(given.get());
        } else {
            String list = env.apply("KUBECONFIG");
            if (list != null && !list.isBlank()) {
                for (String p : list.split(File.pathSeparator)) {
                    if (!p.isBlank() && Files.isRegularFile(Path.of(p))) {
                        files.add(Path.of(p));
                    }
                }
            } else {
                String home = env.apply("HOME");
                Path path = Path.of(home == null ? System.getProperty("user.home") : home, ".kube", "config");
                if (Files.isRegularFile(path)) {
                    files.add(path);
                }
            }
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Optional<String>> contexts = new LinkedHashMap<>();
        Optional<String> current = Optional.empty();
        for (Path f : files) {
            JsonNode tree = read(f);
            for (JsonNode c : tree.path("contexts")) {
                String name = c.path("name").asString("");
                if (!name.isEmpty()) {
                    String ns = c.path("context").path("namespace").asString("");
                    contexts.putIfAbsent(name, ns.isEmpty() ? Optional.empty() : Optional.of(ns));
                }
            }
            String cur = tree.path("current-context").asString("");
            if (current.isEmpty() && !cur.isEmpty()) {
                current = Optional.of(cur);
            }
        }
        return Optional.of(new Kubeconfig(files, contexts, current));
    }

    /** Where kubectl looked, for a message that says no kubeconfig was found. */
    public static String searched(UnaryOperator<String> env) {
        String list = env.apply("KUBECONFIG");
        return list != null && !list.isBlank()
                ? "$KUBECONFIG names " + list + ", and none of it exists"
                : "$KUBECONFIG is not set and ~/.kube/config does not exist";
    }

    /**
     * The context a command uses: {@code --context} when given, which must name a context here, else the current
     * one.
     *
     * @throws UsageException when {@code --context} names no context, listing the ones there are
     */
    public Optional<String> context(Optional<String> given) {
        if (given.isPresent() && !contexts.containsKey(given.get())) {
            throw new UsageException("--context " + given.get() + ": no context of that name in " + where() + "; "
                    + (contexts.isEmpty()
                            ? "it defines no contexts"
                            : "its contexts are " + String.join(", ", contexts.keySet())
                                    + current.map(c -> " (current: " + c + ")").orElse(""))
                    + " (kubectl config get-contexts lists them)");
        }
        return given.or(() -> current);
    }

    /** The namespace of the context a command uses (as kubectl takes it when {@code -n} is not given). */
    public Optional<String> namespace(Optional<String> context) {
        return context(context).flatMap(c -> contexts.getOrDefault(c, Optional.empty()));
    }

    private String where() {
        return files.size() == 1
                ? "kubeconfig " + files.get(0)
                : "the kubeconfig files "
                        + String.join(", ", files.stream().map(Path::toString).toList());
    }

    private static JsonNode read(Path f) {
        try {
            JsonNode tree = YAML.readTree(Files.readString(f));
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return YAML.createObjectNode();
            }
            if (!tree.isObject()) {
                throw new UsageException("kubeconfig " + f + " is not usable: it is not a YAML mapping");
            }
            return tree;
        } catch (NoSuchFileException e) {
            throw new UsageException("kubeconfig " + f + ": no such file", e);
        } catch (IOException e) {
            throw new UsageException("cannot read kubeconfig " + f + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new UsageException("kubeconfig " + f + " is not usable: " + e.getOriginalMessage(), e);
        }
    }
}
