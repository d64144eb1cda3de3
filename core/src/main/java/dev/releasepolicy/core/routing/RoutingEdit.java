package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.ObjectEdit;

/**
 * Every change the release makes to the team's routing objects, and every undo of one. Each is a pure
 * {@link ObjectEdit} that touches only the fields it owns, as Argo Rollouts and Flagger change only
 * the weights of the routes they manage and never replace a VirtualService. The forward edits are
 * {@link dev.releasepolicy.core.edit.ReversibleEdit}s; the restores are their inverses.
 */
public sealed interface RoutingEdit extends ObjectEdit
        permits IstioWeights,
                SplitEnd,
                IstioHeaderRoute,
                IstioMirror,
                DestinationRuleSubsets,
                GatewayWeights,
                GatewayHeaderRoute,
                GatewayMirror,
                ServiceSelector,
                RouteFieldsRestore,
                NamedRouteRestore,
                DestinationRuleRestore,
                SelectorRestore {}
