package dev.releasepolicy.executor.autorollback;

import dev.releasepolicy.executor.analysis.DurationText;
import dev.releasepolicy.executor.audit.AuditContext;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.notify.ReleaseEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import tools.jackson.databind.JsonNode;

/**
 * What the executor does with the watcher, reduced to a canary's steps over a {@link TrafficControl}:
 * setWeight moves traffic, analysis runs {@link AutoRollbackWatcher#analysisStep}, the end watches
 * the triggers once more; every step is audited and announced. A test double of the real executor.
 */
final class CanaryRun {

    /** How the run ended: promoted (all steps done) or stopped by an outcome. */
    record Result(boolean promoted, Optional<StepOutcome> stoppedBy, List<String> steps) {
    }

    private final JsonNode manifest;
    private final AutoRollbackWatcher watcher;
    private final TrafficControl traffic;
    private final AuditLog audit;
    private final AuditContext context;
    private final Duration finalWatch;
    private IntConsumer beforeStep = i -> { };

    CanaryRun(JsonNode manifest, AutoRollbackWatcher watcher, TrafficControl traffic, AuditLog audit, AuditContext context,
            Duration finalWatch) {
        this.manifest = manifest;
        this.watcher = watcher;
        this.traffic = traffic;
        this.audit = audit;
        this.context = context;
        this.finalWatch = finalWatch;
    }

    CanaryRun beforeStep(IntConsumer hook) {
        this.beforeStep = hook;
        return this;
    }

    Result run() throws InterruptedException {
        List<String> done = new ArrayList<>();
        audit.append(context.entry("release", "", "started", "canary of " + manifest.path("spec").path("version").asString()));
        watcher.announce(ReleaseEvent.STARTED, "", "");
        int i = 0;
        for (JsonNode step : manifest.path("spec").path("strategy").path("canary").path("steps")) {
            i++;
            beforeStep.accept(i);
            String name;
            if (step.has("setWeight")) {
                int w = step.get("setWeight").asInt();
                name = i + " (setWeight " + w + ")";
                traffic.setCanaryWeight(w);
            } else {
                JsonNode a = step.path("analysis");
                List<String> metrics = new ArrayList<>();
                a.path("metrics").forEach(m -> metrics.add(m.asString()));
                Duration d = a.has("duration") ? DurationText.parse(a.get("duration").asString()) : Duration.ZERO;
                name = i + " (analysis " + String.join(", ", metrics) + ")";
                StepOutcome o = watcher.analysisStep(name, metrics, d);
                if (o.kind() != StepOutcome.Kind.CONTINUE) {
                    return new Result(false, Optional.of(o), done);
                }
            }
            audit.append(context.entry("step", name, "completed", "weights " + traffic.currentWeights()));
            watcher.announce(ReleaseEvent.STEP_COMPLETED, name, "weights " + traffic.currentWeights());
            done.add(name);
        }
        StepOutcome last = watcher.watch("after the last step", finalWatch);
        if (last.kind() != StepOutcome.Kind.CONTINUE) {
            return new Result(false, Optional.of(last), done);
        }
        audit.append(context.entry("release", "", "succeeded", "weights " + traffic.currentWeights()));
        watcher.announce(ReleaseEvent.SUCCEEDED, "", "");
        return new Result(true, Optional.empty(), done);
    }
}
