package dev.releasepolicy.core.routing;

import tools.jackson.databind.JsonNode;

/**
 * The list of routes a router object holds and how to read it: the {@code http} routes of an Istio
 * VirtualService (destinations in {@code route}) or the {@code rules} of a Gateway API HTTPRoute
 * (destinations in {@code backendRefs}), and which destinations belong to the application.
 */
public sealed interface RouteTable permits IstioBackends, GatewayBackends {

    /** The object's kind, such as {@code VirtualService}. */
    String kind();

    /** The API group of {@code apiVersion}. */
    String group();

    /** The field of {@code spec} that lists the routes. */
    String listField();

    /** The field of a route that lists its weighted destinations. */
    String destinationsField();

    /** What one route is called, for messages. */
    String item();

    /** The manifest setting that names the managed routes, for hints. */
    String setting();

    /** Whether one destination entry belongs to the application (to its stable or canary version). */
    boolean owns(JsonNode entry, String namespace);

    /** Whether one destination entry (of a managed route) sends traffic to the canary version. */
    boolean carriesCanary(JsonNode entry);

    /** What the application's destinations are, for messages. */
    String describe();
}
