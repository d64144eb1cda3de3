package dev.releasepolicy.core.plan;

import java.util.List;

/**
 * What rollback does to undo one step, or one action of the automatic-rollback path. A rollback from
 * step N runs the compensations listed in that step's {@link PlanStep#rollbackFrom()}, in order.
 *
 * @param objects the objects the compensation sends (same conventions as a step's objects)
 */
public record Compensation(Kind kind, String description, List<ObjectChange> objects) {

    /** The kinds of undo the executor knows. */
    public enum Kind {
        /** Nothing to undo (checks, waits, notifications). */
        NONE,
        /** Route weights back: 100% to the previous version. */
        RESTORE_TRAFFIC,
        /** Routing back to the pre-promotion state (stable subset on the previous version). */
        RESTORE_ROUTING,
        /** Adoption undone: the team's pod template label back as it was (the pods roll once more). */
        RESTORE_TEMPLATE_LABEL,
        /** Blue-green: the Service selector back to the previous version. */
        SWITCH_SERVICE_BACK,
        /** Delete the new version's Deployment. */
        DELETE_NEW,
        /** Scale the new version's Deployment to zero (kept for diagnosis). */
        SCALE_DOWN_NEW,
        /** The previous version's ConfigMaps are used again. */
        RESTORE_CONFIG,
        /** Run the declared down-migration. */
        DOWN_MIGRATION,
        /** Image rollback: create the previous version's Deployment again from {@code spec.rollback.image}. */
        REDEPLOY_PREVIOUS,
        /** Rolling: {@code kubectl rollout undo} of the Deployment. */
        ROLLOUT_UNDO,
        /** Query the triggering metrics until they are healthy again. */
        VERIFY_RECOVERY,
        /** Tell the webhooks (Failed, RolledBack). */
        NOTIFY,
        /** Record the cause in the audit trail. */
        RECORD,
        /** The rollback cannot continue by itself: a person must act (an irreversible migration). */
        MANUAL
    }

    public Compensation {
        objects = List.copyOf(objects);
    }

    /** A step that needs no undo. */
    public static Compensation none(String why) {
        return new Compensation(Kind.NONE, why, List.of());
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }
}
