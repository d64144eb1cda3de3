// workload-readiness: the container a release changes in the team's own Deployment has a
// readinessProbe, so that Kubernetes sends traffic to a new pod only once it is ready.
export const meta = {
  id: 'workload-readiness',
  severity: 'error',
  description: "The released container of the team's Deployment (spec.workload) has a readinessProbe.",
};

export function check(release, ctx) {
  const w = release.workload;
  // Without a workload the synthesized Deployment gets spec.healthCheck as its probe; a live
  // Deployment is not known before apply.
  if (!w || !w.known) {
    return [];
  }
  const c = w.container;
  if (c.readinessProbe) {
    return [];
  }
  return [{
    path: `/workload/container/readinessProbe`,
    message: `container '${c.name}' of Deployment ${w.name} has no readinessProbe: new pods get traffic before they are ready`,
    hint: 'add readinessProbe to the container, e.g. httpGet: {path: /healthz, port: 8080}, periodSeconds: 5',
  }];
}
