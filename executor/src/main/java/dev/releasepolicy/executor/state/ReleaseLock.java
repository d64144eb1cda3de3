package dev.releasepolicy.executor.state;

import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanCodec;
import dev.releasepolicy.executor.state.RefusedException.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The lock on an application's releases, kept in its state ConfigMap: a new release starts only when
 * none is in progress, and a stopped one is taken over only when its holder's lease ran out (or it
 * is ours). Refusals name the holder and what to do.
 */
public final class ReleaseLock {

    private final StateStore store;
    private final Lease lease;

    public ReleaseLock(StateStore store, Lease lease) {
        this.store = store;
        this.lease = lease;
    }

    /**
     * Starts a release of {@code plan}, held by this process. Refused when another release of the
     * application is in progress, or when its fingerprint differs from the in-progress release's.
     */
    public ReleaseSession start(Plan plan) {
        Instant now = lease.now();
        ReleaseState fresh = new ReleaseState(
                plan.application(),
                plan.namespace(),
                Optional.empty(),
                lease.holder(),
                Optional.of(now.plus(lease.length())),
                plan.release(),
                plan.version(),
                plan.fingerprint().value(),
                ReleaseStatus.Running,
                1,
                List.of(),
                List.of(),
                Optional.empty(),
                0,
                List.of(),
                "",
                now,
                now,
                PlanCodec.writeCompact(plan),
                Map.of());
        while (true) {
            Optional<ReleaseState> existing = store.read(plan.namespace(), plan.application());
            if (existing.isEmpty()) {
                Optional<ReleaseState> created = store.create(fresh);
                if (created.isPresent()) {
                    return new ReleaseSession(store, lease, created.get());
                }
                continue;
            }
            ReleaseState old = existing.get();
            if (old.status().isActive()) {
                throw refusedInProgress(old, plan);
            }
            try {
                return new ReleaseSession(
                        store,
                        lease,
                        store.update(
                                old,
                                s -> fresh.withResourceVersion(
                                        s.resourceVersion().orElseThrow())));
            } catch (RefusedException e) {
                // someone else wrote the state between our read and write: look again
            }
        }
    }

    /** The recorded state of the application's release; refused when there is none. */
    public ReleaseState existing(String namespace, String application) {
        return store.read(namespace, application)
                .orElseThrow(() -> new RefusedException(
                        Reason.NOTHING_TO_DO,
                        "no release of " + application + " is recorded in namespace " + namespace + " (no ConfigMap "
                                + StateStore.configMapName(application) + ")"));
    }

    /** The plan stored with a release, refused when it is unreadable or not the one the release records. */
    public static Plan planOf(ReleaseState state) {
        Plan plan;
        try {
            String where = "the plan stored in " + StateStore.configMapName(state.application());
            plan = PlanCodec.read(where, state.planJson());
        } catch (UsageException e) {
            throw new RefusedException(
                    Reason.STALE_PLAN,
                    e.getMessage() + ": it was stored by another version of"
                            + " release-policy; finish the release with that version or roll it back with it");
        }
        if (!plan.fingerprint().value().equals(state.fingerprint())) {
            throw new RefusedException(
                    Reason.STALE_PLAN,
                    "the plan stored in " + StateStore.configMapName(state.application()) + " has fingerprint "
                            + plan.fingerprint().value() + " but the release records " + state.fingerprint());
        }
        return plan;
    }

    /** Takes over a recorded release; refused while another process's hold lasts. */
    public ReleaseSession takeOver(ReleaseState state) {
        Instant now = lease.now();
        if (state.isHeld(now) && !state.holder().equals(lease.holder())) {
            throw new RefusedException(
                    Reason.LOCKED,
                    "the release " + state.release() + " of " + state.application()
                            + " is being run by " + state.holder() + " (its hold lasts until "
                            + state.leaseUntil().orElseThrow()
                            + " unless renewed); status " + state.status() + " at step " + state.currentStep());
        }
        ReleaseState held =
                store.update(state, s -> s.withLease(lease.holder(), Optional.of(now.plus(lease.length())), now));
        return new ReleaseSession(store, lease, held);
    }

    /** Writes a change to a release without taking it over (an approval). */
    public ReleaseState update(ReleaseState state, UnaryOperator<ReleaseState> change) {
        return store.update(state, change);
    }

    private static RefusedException refusedInProgress(ReleaseState old, Plan plan) {
        String where = "release " + old.release() + " of " + old.application() + " is in progress: held by "
                + old.holder() + ", status " + old.status() + " at step " + old.currentStep();
        if (!old.fingerprint().equals(plan.fingerprint().value())) {
            return new RefusedException(
                    Reason.STALE_PLAN,
                    "refusing plan " + plan.shortFingerprint() + ": it is not the plan of" + " the " + where
                            + " (fingerprint " + old.fingerprint() + "); finish it or roll it back first");
        }
        return new RefusedException(
                Reason.LOCKED,
                "refusing a second apply: the " + where + "; use 'release-policy resume " + old.application()
                        + "' to continue it");
    }
}
