package dev.releasepolicy.executor.run;

import dev.releasepolicy.executor.model.ExecutionPlan;
import dev.releasepolicy.executor.model.ExecutionStep;
import dev.releasepolicy.executor.model.ObjectChange;

/**
 * Hears what the executor does, as it happens: notifications and the audit trail plug in here, and
 * tests use it to kill the process at a chosen point. Exceptions thrown by a listener are not caught.
 */
public interface ExecutionListener {

    /** A step begins (also when a resumed run re-enters an unfinished step). */
    default void stepStarted(ExecutionPlan plan, ExecutionStep step) {
    }

    /** An object was written (created, updated or deleted) by a step. */
    default void objectChanged(ExecutionPlan plan, ExecutionStep step, ObjectChange change) {
    }

    /** A step is done and recorded as done. */
    default void stepCompleted(ExecutionPlan plan, ExecutionStep step) {
    }

    /** A step the executor does not act on itself: notify, record, precheck-*. */
    default void observe(ExecutionPlan plan, ExecutionStep step) {
    }

    /** The release failed at a step and is being rolled back. */
    default void rollingBack(ExecutionPlan plan, String cause) {
    }

    /** The rollback finished: the previous version serves again. */
    default void rolledBack(ExecutionPlan plan, String message) {
    }

    /** Nobody listens. */
    ExecutionListener NONE = new ExecutionListener() {
    };
}
