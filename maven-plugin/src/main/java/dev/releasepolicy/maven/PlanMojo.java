package dev.releasepolicy.maven;

import org.apache.maven.plugins.annotations.Mojo;

/**
 * Compiles each release manifest into its execution plan and writes it for review:
 * {@code target/release-policy/<release>.plan.json} (the plan file {@code apply} checks and the
 * executor runs) and {@code <release>.plan.md} (for the pull request). A manifest with error
 * findings is refused and fails the build, like {@code release-policy plan} on the command line;
 * both call core's {@code PlanRunner}. Not bound to a phase: run {@code mvn release-policy:plan}, or
 * bind it in an {@code <execution>} with a {@code <phase>}. The work is {@code PlanWork}.
 */
@Mojo(name = "plan", threadSafe = true, requiresProject = true)
public final class PlanMojo extends PlanningMojo {}
