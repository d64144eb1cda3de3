package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.spec.WindowSpec;
import dev.releasepolicy.core.window.Durations;
import dev.releasepolicy.core.window.WindowEvaluator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the planner's drafts into a {@link Plan}: step ids and offsets, the timeline against the
 * release window, and each step's rollback order.
 */
final class PlanAssembly {

    private PlanAssembly() {}

    static Plan assemble(
            Release release, List<Draft> drafts, RollbackPlan rollback, WindowSchedule windows, PlanInputs inputs) {
        Instant now = inputs.now();
        List<String> warnings = new ArrayList<>();
        Instant start = now;
        Optional<Instant> closes = Optional.empty();
        Optional<WindowSpec> window = release.spec().window();
        if (window.isPresent()) {
            Optional<Instant> s = windows.earliestStart(window.get(), now);
            if (s.isPresent()) {
                start = s.get();
                closes = windows.closesAt(window.get(), start);
            } else {
                warnings.add("the release window does not open in the foreseeable future: check spec.window");
            }
        }
        List<String> ids = new ArrayList<>();
        List<Duration> offsets = new ArrayList<>();
        Duration offset = Duration.ZERO;
        Duration inWindow = null;
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            ids.add(d.id(i + 1));
            if (d.action == Action.RETAIN_PREVIOUS && inWindow == null) {
                inWindow = offset;
            }
            offsets.add(offset);
            offset = offset.plus(d.minimum);
        }
        Duration total = offset;
        if (inWindow == null) {
            inWindow = total;
        }
        boolean approval = drafts.stream().anyMatch(d -> d.action == Action.APPROVAL);
        // The same rule and the same duration as verify's release-window policy (ReleaseDuration equals
        // inWindow, which ReleaseDurationParityTest checks on every example).
        boolean fits = WindowEvaluator.fits(start, inWindow, closes);
        if (!fits) {
            warnings.add("the plan needs at least " + Durations.format(inWindow) + " from its earliest start "
                    + second(start) + " but the release window closes at " + second(closes.get()) + " ("
                    + Durations.format(Duration.between(start, closes.get())) + " later): start earlier in the"
                    + " window or shorten the pauses and analyses");
        }
        Timeline timeline =
                new Timeline(now, start, total, inWindow, start.plus(total), closes, fits, approval, warnings);
        List<PlanStep> steps = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            steps.add(new PlanStep(
                    i + 1,
                    ids.get(i),
                    d.action,
                    d.description,
                    d.minimum,
                    d.timeout,
                    offsets.get(i),
                    d.parameters,
                    d.objects,
                    d.compensation,
                    rollbackOrder(drafts, i, ids),
                    d.watches));
        }
        Manifest manifest = release.manifest();
        String source = manifest.file() + (manifest.document() == 0 ? "" : "#" + (manifest.document() + 1));
        PlanMetadata metadata = new PlanMetadata(
                manifest.name(),
                source,
                release.app(),
                release.namespace(),
                release.version(),
                release.previous(),
                release.strategy());
        return new Plan(
                Plan.API_VERSION,
                metadata,
                release.fingerprint(),
                timeline,
                rollback,
                steps,
                PlanRuntime.of(release.spec()),
                inputs.findings().stream().filter(f -> !f.isBlockingError()).toList());
    }

    private static Instant second(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Compensations from step {@code i} back to the first, leaving out no-ops and repeats (a
     * compensation whose objects a later step's compensation already sends, such as the same
     * "all traffic back" VirtualService after every weight change).
     */
    private static List<String> rollbackOrder(List<Draft> drafts, int i, List<String> ids) {
        List<String> order = new ArrayList<>();
        // ObjectChange equality is deep (JsonNode equals compares the whole body).
        Set<ObjectChange> sent = new HashSet<>();
        for (int j = i; j >= 0; j--) {
            Compensation c = drafts.get(j).compensation;
            if (c.isNone()) {
                continue;
            }
            List<ObjectChange> keys = c.objects();
            if (!keys.isEmpty() && sent.containsAll(keys)) {
                continue;
            }
            sent.addAll(keys);
            order.add(ids.get(j));
        }
        return order;
    }
}
