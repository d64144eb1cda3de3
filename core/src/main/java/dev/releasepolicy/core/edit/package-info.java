/**
 * The contract of a pure edit to a live Kubernetes object ({@link dev.releasepolicy.core.edit.ObjectEdit},
 * {@link dev.releasepolicy.core.edit.ReversibleEdit}) and the refusal an edit raises when the object does
 * not allow it ({@link dev.releasepolicy.core.edit.EditRefusedException}). Depends on Jackson trees only;
 * {@code routing} and {@code workload} depend on it, never the other way round.
 */
package dev.releasepolicy.core.edit;
