package dev.releasepolicy.core.workload;

import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.manifest.Manifest;
import tools.jackson.databind.JsonNode;

/**
 * A Deployment read from a file of the repository, valid against the Kubernetes schema, with the
 * container whose image the release changes.
 *
 * @param deployment     the Deployment document; its source map locates values in the Deployment file
 * @param containerIndex index of the released container in {@code spec.template.spec.containers}
 */
public record WorkloadFile(Manifest deployment, int containerIndex) {

    /** JSON Pointer of the released container within the Deployment document. */
    public String containerPointer() {
        return "/spec/template/spec/containers/" + containerIndex;
    }

    /** The released container. */
    public JsonNode container() {
        return deployment.tree().at(containerPointer());
    }

    /** The Deployment file as findings name it (relative like the release manifest's own name). */
    public String file() {
        return deployment.file();
    }

    /** The location of a value of the Deployment document, or of its nearest existing parent. */
    public Location locate(String pointer) {
        return deployment.sourceMap().locate(pointer);
    }
}
