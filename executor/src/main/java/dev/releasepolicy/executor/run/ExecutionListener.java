package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;

/**
 * Hears what the executor does, as it happens: notifications and the audit trail plug in here, and
 * tests use it to kill the process at a chosen point. Exceptions thrown by a listener are not caught.
 */
public interface ExecutionListener {

    /** A new release starts (its state is written, no step has run yet). */
    default void started(Plan plan) {}

    /** A step begins (also when a resumed run re-enters an unfinished step). */
    default void stepStarted(Plan plan, PlanStep step) {}

    /** An object was written (created, updated or deleted) by a step. */
    default void objectChanged(Plan plan, PlanStep step, ObjectChange change) {}

    /** A step is done and recorded as done. */
    default void stepCompleted(Plan plan, PlanStep step) {}

    /** A step the executor does not act on itself: notify, record, precheck-*. */
    default void observe(Plan plan, PlanStep step) {}

    /** The release stopped at a planned wait or a manual approval; {@code resume} or {@code approve} continues it. */
    default void paused(Plan plan, PlanStep step, String message) {}

    /** A person approved the manual pause at {@code step}; {@code actor} is who ran {@code approve}. */
    default void approved(Plan plan, PlanStep step, String actor) {}

    /** Every step is done: the new version serves. */
    default void succeeded(Plan plan, String message) {}

    /** The release failed at a step and is being rolled back. */
    default void rollingBack(Plan plan, String cause) {}

    /** One step's compensation is done. */
    default void compensated(Plan plan, PlanStep step) {}

    /** The rollback itself failed and needs a person. */
    default void rollbackFailed(Plan plan, String message) {}

    /** The rollback finished: the previous version serves again. */
    default void rolledBack(Plan plan, String message) {}

    /** After a rollback, the metrics were checked: {@code verified} or not, with what was measured. */
    default void recovery(Plan plan, boolean verified, String summary) {}

    /** Tells {@code first}, then {@code second}, of every event. */
    static ExecutionListener both(ExecutionListener first, ExecutionListener second) {
        return new ExecutionListener() {
            @Override
            public void started(Plan plan) {
                first.started(plan);
                second.started(plan);
            }

            @Override
            public void stepStarted(Plan plan, PlanStep step) {
                first.stepStarted(plan, step);
                second.stepStarted(plan, step);
            }

            @Override
            public void objectChanged(Plan plan, PlanStep step, ObjectChange change) {
                first.objectChanged(plan, step, change);
                second.objectChanged(plan, step, change);
            }

            @Override
            public void stepCompleted(Plan plan, PlanStep step) {
                first.stepCompleted(plan, step);
                second.stepCompleted(plan, step);
            }

            @Override
            public void observe(Plan plan, PlanStep step) {
                first.observe(plan, step);
                second.observe(plan, step);
            }

            @Override
            public void paused(Plan plan, PlanStep step, String message) {
                first.paused(plan, step, message);
                second.paused(plan, step, message);
            }

            @Override
            public void approved(Plan plan, PlanStep step, String actor) {
                first.approved(plan, step, actor);
                second.approved(plan, step, actor);
            }

            @Override
            public void succeeded(Plan plan, String message) {
                first.succeeded(plan, message);
                second.succeeded(plan, message);
            }

            @Override
            public void rollingBack(Plan plan, String cause) {
                first.rollingBack(plan, cause);
                second.rollingBack(plan, cause);
            }

            @Override
            public void compensated(Plan plan, PlanStep step) {
                first.compensated(plan, step);
                second.compensated(plan, step);
            }

            @Override
            public void rollbackFailed(Plan plan, String message) {
                first.rollbackFailed(plan, message);
                second.rollbackFailed(plan, message);
            }

            @Override
            public void rolledBack(Plan plan, String message) {
                first.rolledBack(plan, message);
                second.rolledBack(plan, message);
            }

            @Override
            public void recovery(Plan plan, boolean verified, String summary) {
                first.recovery(plan, verified, summary);
                second.recovery(plan, verified, summary);
            }
        };
    }

    /** Nobody listens. */
    ExecutionListener NONE = new ExecutionListener() {};
}
