package dev.releasepolicy.core.spec;

import java.util.List;
import java.util.Optional;

/**
 * {@code spec.dataCompatibility}: whether both versions can share the data, and the migrations.
 *
 * @param schemaChanges      whether the version changes the schema, when written
 * @param backwardCompatible whether the old version works on the new schema, when written
 * @param forwardCompatible  whether the new version works on the old schema, when written
 * @param migrations         the migrations in order; empty when none are written
 * @param rollbackStrategy   how data is restored when a migration is not reversible, when written
 */
public record DataCompatibility(
        Optional<Boolean> schemaChanges,
        Optional<Boolean> backwardCompatible,
        Optional<Boolean> forwardCompatible,
        List<Migration> migrations,
        Optional<String> rollbackStrategy) {

    /** Nothing declared: what an absent {@code spec.dataCompatibility} means. */
    public static final DataCompatibility NONE =
            new DataCompatibility(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());

    public DataCompatibility {
        migrations = List.copyOf(migrations);
    }

    /**
     * One database migration.
     *
     * @param id         such as {@code V42__add_column}
     * @param reversible whether it can be undone
     * @param down       the migration that undoes it, when written
     * @param image      the image of the job that runs it, when written
     */
    public record Migration(String id, boolean reversible, Optional<String> down, Optional<String> image) {}
}
