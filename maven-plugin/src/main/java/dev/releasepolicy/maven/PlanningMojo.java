package dev.releasepolicy.maven;

/**
 * What {@code plan}, {@code dry-run} and {@code apply} share: each release manifest under
 * {@code manifests} is planned (by core's plan runner, the one entry point the command line's
 * {@code plan} uses too), its verify findings are logged, and a manifest with error findings is
 * refused. A folder is searched like {@code verify} does; each file must hold one release. The work is
 * {@code PlanningWork}; this Java 8 class only carries the parameters (see {@link ReleasePolicyMojo}).
 */
public abstract class PlanningMojo extends ReleasePolicyMojo {}
