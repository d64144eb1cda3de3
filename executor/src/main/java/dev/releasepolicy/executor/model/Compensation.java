package dev.releasepolicy.executor.model;

import java.util.List;

/**
 * The plan's description of how one step is undone. The executor undoes object changes by restoring
 * the objects it recorded before the step ran (see {@code ReleaseExecutor}); the plan's compensation
 * adds what a snapshot cannot: a down-migration, or a stop for a person ({@code MANUAL}).
 *
 * @param kind such as {@code RESTORE_TRAFFIC}, {@code DOWN_MIGRATION}, {@code MANUAL}, {@code NONE}
 */
public record Compensation(String kind, String description, List<ObjectChange> objects) {

    public Compensation {
        objects = List.copyOf(objects);
    }

    /** No compensation. */
    public static Compensation none() {
        return new Compensation("NONE", "nothing to undo", List.of());
    }
}
