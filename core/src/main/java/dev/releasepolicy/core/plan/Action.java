package dev.releasepolicy.core.plan;

/** What a plan step does. The executor dispatches on it; renderings show {@link #label()}. */
public enum Action {
    /** The policy verdict: the manifest passed verify (schema and policies). */
    PRECHECK_POLICY("precheck-policy"),
    /** The release window is open at the start. */
    PRECHECK_WINDOW("precheck-window"),
    /** A manual approval: before the start ({@code spec.approvals}) or a {@code pause: {}} step. */
    APPROVAL("approval"),
    /** A webhook notification of a release event. */
    NOTIFY("notify"),
    /** A declared database migration, run before any traffic moves. */
    MIGRATE_DATA("migrate-data"),
    /** The new version's ConfigMaps (named per version) are checked and labelled. */
    APPLY_CONFIG("apply-config"),
    /**
     * Adoption, on the first release of a Deployment release-policy did not make: its pod template gains
     * the stable version label (its selector stays as it is), so the stable subset finds its pods; the
     * step waits until that rollout is done, before any traffic is split.
     */
    ADOPT("adopt"),
    /** The new version's Deployment is created (or, for Rolling, updated). */
    DEPLOY("deploy"),
    /** Wait until the new version passes its readiness check, within the health-check timeout. */
    WAIT_READY("wait-ready"),
    /**
     * Before shifting: the stable and canary destinations select their versions (DestinationRule subsets,
     * or the two Services' selectors) and the managed routes split 100/0.
     */
    PREPARE_TRAFFIC("prepare-traffic"),
    /** Route weights (Istio or Gateway API) or, without a router, pod counts: a share of the traffic. */
    SET_WEIGHT("set-weight"),
    /** A route of the release's own sends requests with given headers to the new version. */
    SET_HEADER_ROUTE("set-header-route"),
    /** The managed routes mirror a share of their requests to the new version. */
    SET_MIRROR_ROUTE("set-mirror-route"),
    /** Blue-green: the Service selector is switched to the new version. */
    SWITCH_SERVICE("switch-service"),
    /** Wait for a duration, watching the automatic-rollback triggers. */
    PAUSE("pause"),
    /** Query metrics and compare them with their thresholds. */
    ANALYSIS("analysis"),
    /** The new version becomes the stable one in the routing. */
    PROMOTE("promote"),
    /** Keep the previous version running for an instant rollback. */
    RETAIN_PREVIOUS("retain-previous"),
    /** Remove the previous version. */
    CLEAN_UP("clean-up"),
    /** Write the outcome to the audit trail. */
    RECORD("record");

    private final String label;

    Action(String label) {
        this.label = label;
    }

    /** Lower-case name used in step ids and renderings, such as {@code set-weight}. */
    public String label() {
        return label;
    }
}
