/**
 * The pure edits a release makes to the team's routing objects: weights, header routes and mirrors on
 * an Istio VirtualService or a Gateway API HTTPRoute, the release's subsets on a DestinationRule, the
 * version key of a Service selector, and, without a router, weights approximated by replica counts.
 * Each edit changes only the fields it owns and has an inverse computed from the object before it.
 * No I/O; depends on {@code dev.releasepolicy.core.edit} and Jackson only.
 */
package dev.releasepolicy.core.routing;
