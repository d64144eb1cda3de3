/**
 * Argo Rollouts and Flagger objects read as releases: {@link dev.releasepolicy.core.foreign.ForeignSet}
 * indexes the Argo and Flagger documents (and the Deployments they name) found beside release
 * manifests, and the mappers build, for each Rollout or Canary, a release manifest document in memory
 * whose every value remembers the field of the Argo or Flagger file it came from.
 */
package dev.releasepolicy.core.foreign;
