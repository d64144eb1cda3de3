package dev.releasepolicy.executor;

import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.executor.dryrun.DryRun;
import java.util.Optional;

/** The text of a dry run, kept as data for the front end to print. */
final class DryRunText {

    private DryRunText() {}

    /** The objects as the plan sends them, without looking at any cluster. */
    static String offline(Plan plan) {
        return of(new DryRun(Optional.empty(), false), plan);
    }

    static String of(DryRun dryRun, Plan plan) {
        StringBuilder text = new StringBuilder();
        dryRun.print(plan, text);
        return text.toString();
    }
}
