package dev.releasepolicy.core.workload;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.manifest.Manifest;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code spec.workload} of one release manifest resolved to at verify time: nothing (no
 * workload declared), a live Deployment (not known before apply), or a Deployment file (known when it
 * loaded and passed every check), plus the findings about it.
 *
 * <p>It also defines what policies see ({@link #policyInput()}, {@code release.workload}) and the
 * pointer convention that locates their findings: a policy path under {@code /workload/deployment},
 * {@code /workload/podTemplate}, {@code /workload/container} or {@code /workload/runningImage} is a
 * place in the Deployment file ({@link #locate}).
 *
 * @param kind     how the workload is named; empty when the release declares none
 * @param name     the Deployment's name (for a file, the one asked for or picked; may be empty)
 * @param source   the Deployment file as findings name it, or {@code deployment/NAME}
 * @param file     the Deployment read from the file, when it loaded and passed every check
 * @param findings problems with the workload, located in the release manifest or the Deployment file
 */
public record WorkloadResolution(
        Optional<WorkloadKind> kind, String name, String source, Optional<WorkloadFile> file, List<Finding> findings) {

    /** The policy path prefix that names the workload in {@code release}. */
    public static final String ROOT = "/workload";

    /** Pointer of the workload in the release manifest. */
    static final String SPEC = "/spec/workload";

    /** The release declares no workload: policies see no {@code release.workload}. */
    public static final WorkloadResolution NONE =
            new WorkloadResolution(Optional.empty(), "", "", Optional.empty(), List.of());

    public WorkloadResolution {
        findings = List.copyOf(findings);
    }

    /** True when the Deployment was read and checked, so policies can judge it. */
    public boolean known() {
        return file.isPresent();
    }

    /**
     * The version running now, when it can be known: the {@code version} label of the Deployment file's pod
     * template (a live Deployment is read only by {@code apply}, so it is unknown before).
     */
    public Optional<String> runningVersion() {
        return file.map(f -> f.deployment().tree().at(RUNNING_VERSION))
                .filter(JsonNode::isString)
                .map(JsonNode::asString)
                .filter(v -> !v.isBlank());
    }

    /** Where the running version's label is in a Deployment. */
    private static final String RUNNING_VERSION = "/spec/template/metadata/labels/version";

    /**
     * The value of {@code release.workload}: {@code {known: true, kind, source, name, container,
     * containerIndex, podTemplate, deployment, runningImage, runningVersion}} for a Deployment file that passed every
     * check, {@code {known: false, kind, source, name, reason}} otherwise; empty without a workload.
     */
    public Optional<ObjectNode> policyInput() {
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode w = JsonNodeFactory.instance.objectNode();
        w.put("known", known());
        w.put("kind", kind.get().label());
        w.put("source", source);
        w.put("name", name);
        if (file.isEmpty()) {
            w.put(
                    "reason",
                    kind.get() == WorkloadKind.DEPLOYMENT
                            ? "the live Deployment is read only when the release is applied"
                            : "the Deployment file has errors (see the findings about it)");
            return Optional.of(w);
        }
        WorkloadFile f = file.get();
        JsonNode container = f.container();
        w.set("container", container);
        w.put("containerIndex", f.containerIndex());
        w.set("podTemplate", f.deployment().tree().at("/spec/template"));
        w.set("deployment", f.deployment().tree());
        // The image the file deploys today: what the cluster runs once this file was applied.
        JsonNode image = container.path("image");
        if (image.isString()) {
            w.put("runningImage", image.asString());
        }
        // The rollback target when spec.rollback.to is not written (rollback-plan and the planner agree).
        runningVersion().ifPresent(v -> w.put("runningVersion", v));
        return Optional.of(w);
    }

    /** Where a policy finding points: a location and the JSON Pointer shown with it. */
    public record Target(Location location, String pointer) {}

    /**
     * Locates a policy's path when it names the workload ({@code /workload/...}); empty for any other
     * path (those point into the release manifest). Paths into the Deployment ({@code deployment},
     * {@code podTemplate}, {@code container}, {@code runningImage}) map to the Deployment file at the
     * value or, when it is missing, its nearest existing parent; the pointer shown is then the one
     * within the Deployment document. Everything else under {@code /workload} maps to
     * {@code spec.workload} of the release manifest.
     */
    public Optional<Target> locate(String policyPath, Manifest release) {
        if (kind.isEmpty() || !(policyPath.equals(ROOT) || policyPath.startsWith(ROOT + "/"))) {
            return Optional.empty();
        }
        String rest = policyPath.substring(ROOT.length());
        if (file.isPresent()) {
            WorkloadFile f = file.get();
            Optional<String> inFile = deploymentPointer(rest, f);
            if (inFile.isPresent()) {
                return Optional.of(new Target(f.locate(inFile.get()), inFile.get()));
            }
        }
        String at = rest.equals("/source") && kind.get() == WorkloadKind.MANIFEST ? SPEC + "/manifest" : SPEC;
        return Optional.of(new Target(release.sourceMap().locate(at), at));
    }

    private static Optional<String> deploymentPointer(String rest, WorkloadFile f) {
        String head = rest.isEmpty() ? "" : rest.substring(1).split("/", 2)[0];
        String tail = rest.length() > head.length() + 1 ? rest.substring(head.length() + 1) : "";
        return switch (head) {
            case "deployment" -> Optional.of(tail);
            case "podTemplate" -> Optional.of("/spec/template" + tail);
            case "container" -> Optional.of(f.containerPointer() + tail);
            case "runningImage" -> Optional.of(f.containerPointer() + "/image");
            case "runningVersion" -> Optional.of(RUNNING_VERSION);
            case "name" -> Optional.of("/metadata/name");
            default -> Optional.empty();
        };
    }
}
