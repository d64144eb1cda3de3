// workload-resources: the released container declares what it needs (requests) and a memory
// limit, so the scheduler places it sensibly and a leak cannot take the node down.
export const meta = {
  id: 'workload-resources',
  severity: 'warning',
  description: "The released container of the team's Deployment (spec.workload) requests cpu and memory and limits memory.",
  params: { requests: ['cpu', 'memory'], limits: ['memory'] },
};

export function check(release, ctx) {
  const w = release.workload;
  if (!w || !w.known) {
    return [];
  }
  const c = w.container;
  const resources = c.resources ?? {};
  const findings = [];
  for (const [kind, wanted] of [['requests', ctx.params.requests], ['limits', ctx.params.limits]]) {
    for (const r of wanted) {
      if (resources[kind]?.[r] === undefined) {
        findings.push({
          path: `/workload/container/resources/${kind}/${r}`,
          message: `container '${c.name}' of Deployment ${w.name} has no resources.${kind}.${r}`,
          hint: `set resources.${kind}.${r} on the container, e.g. ${r === 'cpu' ? '250m' : '512Mi'}`,
        });
      }
    }
  }
  return findings;
}
