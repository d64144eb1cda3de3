package dev.releasepolicy.core.routing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which HTTP routes of a VirtualService (or rules of an HTTPRoute) a release manages. With names, exactly
 * those (each must exist); without, every route whose destinations all point at the application's
 * Services. Routes the release adds itself (a header route) are {@code own}: never managed, so a
 * later weight change does not turn the testers' route into a split.
 */
public record RouteSelection(List<String> names, Set<String> own) {

    public RouteSelection {
        names = List.copyOf(Objects.requireNonNull(names, "names"));
        own = Set.copyOf(Objects.requireNonNull(own, "own"));
    }

    /** The routes named so in the manifest ({@code trafficRouting.istio.routes}, {@code gatewayAPI.rules}). */
    public static RouteSelection named(List<String> names) {
        return new RouteSelection(names, Set.of());
    }

    /** Every route whose destinations all point at the application. */
    public static RouteSelection byDestination() {
        return new RouteSelection(List.of(), Set.of());
    }

    /** The same selection, also leaving out the release's own route {@code name}. */
    public RouteSelection excluding(String name) {
        Set<String> more = new LinkedHashSet<>(own);
        more.add(name);
        return new RouteSelection(names, more);
    }
}
