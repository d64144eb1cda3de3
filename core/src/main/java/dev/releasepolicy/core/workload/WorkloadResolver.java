package dev.releasepolicy.core.workload;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.schema.SchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Resolves {@code spec.workload} of a release manifest for {@code verify}. For
 * {@code deployment: NAME} nothing is read (verify has no cluster). For {@code manifest: PATH} the
 * file is loaded, relative to the release manifest's folder and never outside it, with the same
 * {@link ManifestLoader} as release manifests (so every value keeps its {@code file:line:column} and
 * hostile input stays a finding); the Deployment is picked ({@code name}, else the file's only
 * document, else the one named like {@code spec.application}), checked to be an {@code apps/v1}
 * Deployment valid against the Kubernetes 1.36 schema, and its released container is picked
 * ({@code container}, else the only one, else the one named like the application).
 *
 * <p>Every problem is a finding with policy id {@value #POLICY_ID} (schema violations inside the
 * Deployment keep the id {@code schema}), located in the Deployment file when it is about its content
 * and at {@code spec.workload} of the release manifest otherwise. Thread-safe.
 */
public final class WorkloadResolver {

    /** Policy id of findings about the workload. */
    public static final String POLICY_ID = "workload";

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private final ManifestLoader loader;

    public WorkloadResolver(ManifestLoader loader) {
        this.loader = loader;
    }

    /** The Kubernetes Deployment schema, compiled on first use (it is large) and then shared. */
    private static final class DeploymentSchema {
        static final SchemaValidator INSTANCE = SchemaValidator.kubernetes("deployment-apps-v1.json");
    }

    /**
     * Resolves the workload of a release manifest whose name is the path it was read from (as
     * {@code verify} finds manifests), so that a workload file is looked up beside it.
     */
    public WorkloadResolution resolve(Manifest release) {
        return resolve(release, p -> {});
    }

    /**
     * As {@link #resolve(Manifest)}, telling {@code reading} which file it is about to read (whether or not
     * it exists), before it reads it: the verify cache checks that file again before it reuses a result.
     */
    public WorkloadResolution resolve(Manifest release, Consumer<Path> reading) {
        Path file;
        try {
            file = Path.of(release.file());
        } catch (InvalidPathException e) {
            if (!release.tree().path("spec").path("workload").path("manifest").isString()) {
                return resolve(release, Path.of("."), reading);
            }
            return new WorkloadResolution(
                    Optional.of(WorkloadKind.MANIFEST),
                    "",
                    "",
                    Optional.empty(),
                    List.of(Finding.error(
                            POLICY_ID,
                            "the release manifest's name '" + release.file() + "' is not a path, so"
                                    + " spec.workload.manifest cannot be looked up beside it",
                            "verify the release manifest from its file",
                            release.sourceMap().locate(WorkloadResolution.SPEC + "/manifest"),
                            WorkloadResolution.SPEC + "/manifest")));
        }
        return resolve(release, file, reading);
    }

    /**
     * Resolves the workload of a release manifest that passed the release schema.
     *
     * @param release     the release manifest
     * @param releaseFile the file it was read from; a workload file is looked up beside it
     */
    public WorkloadResolution resolve(Manifest release, Path releaseFile) {
        return resolve(release, releaseFile, p -> {});
    }

    private WorkloadResolution resolve(Manifest release, Path releaseFile, Consumer<Path> reading) {
        JsonNode spec = release.tree().path("spec");
        JsonNode w = spec.path("workload");
        if (!w.isObject()) {
            return WorkloadResolution.NONE;
        }
        if (w.path("deployment").isString()) {
            String name = w.path("deployment").asString();
            return new WorkloadResolution(
                    Optional.of(WorkloadKind.DEPLOYMENT), name, "deployment/" + name, Optional.empty(), List.of());
        }
        if (!w.path("manifest").isString()) {
            return WorkloadResolution.NONE;
        }
        return new FileResolution(
                        release, releaseFile, w, spec.path("application").asString(""), reading)
                .run();
    }

    /** One resolution of {@code manifest: PATH}; collects findings as it goes. */
    private final class FileResolution {
        private final Manifest release;
        private final Path releaseFile;
        private final String relative;
        private final Optional<String> wantedName;
        private final Optional<String> wantedContainer;
        private final String application;
        private final List<Finding> findings = new ArrayList<>();
        private final Consumer<Path> reading;
        private String source;
        private String name;

        FileResolution(Manifest release, Path releaseFile, JsonNode w, String application, Consumer<Path> reading) {
            this.reading = reading;
            this.release = release;
            this.releaseFile = releaseFile;
            this.relative = w.path("manifest").asString();
            this.wantedName = text(w.path("name"));
            this.wantedContainer = text(w.path("container"));
            this.application = application;
            this.source = relative;
            this.name = wantedName.orElse("");
        }

        WorkloadResolution run() {
            Optional<WorkloadFile> file = resolve();
            return new WorkloadResolution(Optional.of(WorkloadKind.MANIFEST), name, source, file, findings);
        }

        private Optional<WorkloadFile> resolve() {
            Optional<Path> target = target();
            if (target.isEmpty()) {
                return Optional.empty();
            }
            LoadedFile loaded = loader.load(target.get(), source);
            for (Finding f : loaded.findings()) {
                findings.add(
                        f.message().startsWith("file is empty")
                                ? Finding.error(
                                        f.policyId(),
                                        "the workload file " + source + " is empty",
                                        "write the team's Deployment (apiVersion: apps/v1, kind: Deployment) into it",
                                        f.location(),
                                        f.pointer())
                                : f);
            }
            if (findings.stream().anyMatch(Finding::isBlockingError)
                    || loaded.manifests().isEmpty()) {
                return Optional.empty();
            }
            Optional<Manifest> picked = pick(loaded.manifests());
            if (picked.isEmpty() || !isDeployment(picked.get())) {
                return Optional.empty();
            }
            Manifest deployment = picked.get();
            name = deployment.tree().path("metadata").path("name").asString(name);
            List<Finding> schema = DeploymentSchema.INSTANCE.validate(deployment);
            findings.addAll(schema);
            if (!schema.isEmpty()) {
                return Optional.empty();
            }
            return container(deployment).map(i -> new WorkloadFile(deployment, i));
        }

        /** The file to read, or empty after a finding: it must exist and stay inside the release's folder. */
        private Optional<Path> target() {
            String hint = "put the Deployment file in the release manifest's folder or below it, and name it relative"
                    + " to that folder, such as k8s/" + (application.isEmpty() ? "app" : application) + ".yaml";
            Path rel;
            try {
                rel = Path.of(relative).normalize();
            } catch (InvalidPathException e) {
                return refuse("spec.workload.manifest '" + relative + "' is not a valid path", hint);
            }
            if (relative.startsWith("/")
                    || relative.startsWith("\\")
                    || DRIVE.matcher(relative).matches()
                    || rel.isAbsolute()) {
                return refuse(
                        "spec.workload.manifest '" + relative + "' is an absolute path: the workload file"
                                + " must be inside the repository, next to the release manifest",
                        hint);
            }
            if (rel.startsWith("..") || relative.contains("\\")) {
                return refuse(
                        "spec.workload.manifest '" + relative + "' leads out of the release manifest's folder", hint);
            }
            Path base = releaseFile.toAbsolutePath().getParent();
            Path file = base.resolve(rel.toString());
            reading.accept(file);
            source = shown(rel);
            if (!Files.exists(file)) {
                return manifestError(
                        "the workload file " + source + " does not exist",
                        "create it, or correct spec.workload.manifest: it is relative to the release manifest's"
                                + " folder");
            }
            if (!Files.isRegularFile(file)) {
                return manifestError(
                        "the workload file " + source + " is not a regular file",
                        "name a YAML file holding the Deployment");
            }
            try {
                // A symbolic link may lead elsewhere although the name stays inside.
                if (!file.toRealPath().startsWith(base.toRealPath())) {
                    return refuse(
                            "the workload file " + source + " is a link that leads out of the release"
                                    + " manifest's folder",
                            hint);
                }
            } catch (IOException e) {
                return manifestError(
                        "cannot read the workload file " + source + ": " + e.getMessage(),
                        "check that the file is readable");
            }
            return Optional.of(file);
        }

        /** The workload file as findings name it: beside the release manifest as the user named that. */
        private String shown(Path rel) {
            Path parent;
            try {
                parent = Path.of(release.file()).getParent();
            } catch (InvalidPathException e) {
                parent = null;
            }
            return (parent == null ? rel : parent.resolve(rel))
                    .normalize()
                    .toString()
                    .replace('\\', '/');
        }

        private Optional<Path> refuse(String message, String hint) {
            return manifestError("refused: " + message, hint);
        }

        /** Records an error about {@code spec.workload.manifest}; the workload stays unresolved. */
        private <T> Optional<T> manifestError(String message, String hint) {
            findings.add(
                    Finding.error(POLICY_ID, message, hint, at("/manifest"), WorkloadResolution.SPEC + "/manifest"));
            return Optional.empty();
        }

        /** The document to release: by {@code name}, else the only one, else the one named like the application. */
        private Optional<Manifest> pick(List<Manifest> docs) {
            if (wantedName.isEmpty() && docs.size() == 1) {
                return Optional.of(docs.get(0));
            }
            String wanted = wantedName.orElse(application);
            List<Manifest> named =
                    docs.stream().filter(d -> wanted.equals(metadataName(d))).toList();
            Optional<Manifest> deployment =
                    named.stream().filter(d -> "Deployment".equals(d.kind())).findFirst();
            if (deployment.isPresent() || !named.isEmpty()) {
                return deployment.or(() -> Optional.of(named.get(0)));
            }
            List<String> present = docs.stream()
                    .map(d -> metadataName(d).isEmpty()
                            ? "(no name)"
                            : metadataName(d) + " (" + (d.kind().isEmpty() ? "no kind" : d.kind()) + ")")
                    .toList();
            if (wantedName.isPresent()) {
                findings.add(Finding.error(
                        POLICY_ID,
                        source + " holds no document named '" + wanted + "'",
                        "set spec.workload.name to the Deployment's metadata.name; the file holds: "
                                + String.join(", ", present),
                        at("/name"),
                        WorkloadResolution.SPEC + "/name"));
            } else {
                findings.add(Finding.error(
                        POLICY_ID,
                        source + " holds " + docs.size() + " documents and none is named" + " like spec.application '"
                                + application + "'",
                        "set spec.workload.name to the Deployment's metadata.name; the file holds: "
                                + String.join(", ", present),
                        at("/manifest"),
                        WorkloadResolution.SPEC + "/manifest"));
            }
            return Optional.empty();
        }

        private boolean isDeployment(Manifest doc) {
            String where = describe(doc);
            if (!"Deployment".equals(doc.kind())) {
                String kind = doc.kind().isEmpty() ? "has no kind" : "is a " + doc.kind();
                findings.add(Finding.error(
                        POLICY_ID,
                        where + " " + kind + ", not a Deployment",
                        "spec.workload.manifest must name a file (and spec.workload.name a document) holding an"
                                + " 'apiVersion: apps/v1', 'kind: Deployment' object",
                        doc.sourceMap().locate("/kind"),
                        "/kind"));
                return false;
            }
            String api = doc.tree().path("apiVersion").asString("");
            if (!"apps/v1".equals(api)) {
                findings.add(Finding.error(
                        POLICY_ID,
                        where + " is a Deployment of apiVersion '" + api + "', not apps/v1",
                        "write 'apiVersion: apps/v1' (the only Deployment API of Kubernetes 1.36)",
                        doc.sourceMap().locate("/apiVersion"),
                        "/apiVersion"));
                return false;
            }
            return true;
        }

        /** The index of the released container, or empty after a finding. */
        private Optional<Integer> container(Manifest deployment) {
            String pointer = "/spec/template/spec/containers";
            JsonNode containers = deployment.tree().at(pointer);
            List<String> names = new ArrayList<>();
            containers.forEach(c -> names.add(c.path("name").asString("")));
            if (wantedContainer.isPresent()) {
                int i = names.indexOf(wantedContainer.get());
                if (i >= 0) {
                    return Optional.of(i);
                }
                findings.add(Finding.error(
                        POLICY_ID,
                        "the Deployment " + name + " in " + source + " has no container named '" + wantedContainer.get()
                                + "'",
                        names.isEmpty()
                                ? "add the container to the Deployment"
                                : "set spec.workload.container to one of: " + String.join(", ", names),
                        at("/container"),
                        WorkloadResolution.SPEC + "/container"));
                return Optional.empty();
            }
            if (names.size() == 1) {
                return Optional.of(0);
            }
            if (names.contains(application)) {
                return Optional.of(names.indexOf(application));
            }
            if (names.isEmpty()) {
                findings.add(Finding.error(
                        POLICY_ID,
                        "the Deployment " + name + " in " + source + " has no container",
                        "add the application's container to spec.template.spec.containers",
                        deployment.sourceMap().locate(pointer),
                        pointer));
            } else {
                findings.add(Finding.error(
                        POLICY_ID,
                        "the Deployment " + name + " in " + source + " has "
                                + names.size() + " containers and none is named like spec.application '"
                                + application + "'",
                        "set spec.workload.container to the released one: " + String.join(", ", names),
                        at(""),
                        WorkloadResolution.SPEC));
            }
            return Optional.empty();
        }

        private String describe(Manifest doc) {
            return doc.document() == 0 ? source : source + " document " + (doc.document() + 1);
        }

        private Location at(String under) {
            return release.sourceMap().locate(WorkloadResolution.SPEC + under);
        }
    }

    private static String metadataName(Manifest doc) {
        return doc.tree().path("metadata").path("name").asString("");
    }

    private static Optional<String> text(JsonNode n) {
        return n.isString() && !n.asString().isEmpty() ? Optional.of(n.asString()) : Optional.empty();
    }
}
