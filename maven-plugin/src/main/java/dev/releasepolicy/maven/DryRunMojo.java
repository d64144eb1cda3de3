package dev.releasepolicy.maven;

import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prints what applying each release manifest would send to Kubernetes, step by step: every object
 * created, changed or deleted, as YAML, and sends nothing. Plans the manifests the way {@code plan}
 * does (a manifest with error findings is refused), writes no files, and hands each plan to the
 * executor's dry run, the one {@code release-policy apply --dry-run} uses. Offline (the objects as the
 * plan sends them) unless {@code kubeconfig} or {@code context} is set: then the live objects are
 * compared too. Never contacts a cluster under {@code mvn -o}. The work is {@code DryRunWork}.
 */
@Mojo(name = "dry-run", threadSafe = true, requiresProject = true)
public final class DryRunMojo extends ClusterMojo {}
