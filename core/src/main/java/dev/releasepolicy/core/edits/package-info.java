/**
 * The plan's edit descriptions: how an {@link dev.releasepolicy.core.edit.ObjectEdit} of the team's
 * routing objects or Deployment is written into a plan (JSON with an {@code edit} discriminator), read
 * back (an unknown kind is refused) and shown to people. Depends on {@code core.edit},
 * {@code core.routing} and {@code core.workload}; nothing depends on it but the plan.
 */
package dev.releasepolicy.core.edits;
