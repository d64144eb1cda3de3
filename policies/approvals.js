// approvals: a production release needs at least one approver (configurable: which namespaces and
// environment labels count as production, and how many approvals are needed).
export const meta = {
  id: 'approvals',
  severity: 'error',
  description: 'A production release needs approval by at least one named approver.',
  params: { namespaces: ['prod', 'production'], environments: ['prod', 'production'], minApprovals: 1 },
};

export function check(release, ctx) {
  const spec = release.spec ?? {};
  const p = ctx.params;
  const env = release.metadata?.labels?.environment;
  const production = (p.namespaces ?? []).includes(spec.namespace) || (env !== undefined && (p.environments ?? []).includes(env));
  if (!production) {
    return [];
  }
  const where = (p.namespaces ?? []).includes(spec.namespace) ? `namespace '${spec.namespace}'` : `environment '${env}'`;
  const a = spec.approvals;
  if (!a) {
    return [{
      path: '/spec',
      message: `spec.approvals is missing: a production release (${where}) needs approval`,
      hint: `add spec.approvals: {required: ${p.minApprovals}, approvers: [team-lead]}`,
    }];
  }
  const findings = [];
  const required = a.required ?? 0;
  if (required < p.minApprovals) {
    findings.push({
      path: a.required === undefined ? '/spec/approvals' : '/spec/approvals/required',
      message: `a production release (${where}) needs at least ${p.minApprovals} approval${p.minApprovals === 1 ? '' : 's'}, but ${required} ${required === 1 ? 'is' : 'are'} required`,
      hint: `set spec.approvals.required to ${p.minApprovals} or more`,
    });
  }
  const approvers = a.approvers ?? [];
  if (approvers.length === 0) {
    findings.push({
      path: a.approvers === undefined ? '/spec/approvals' : '/spec/approvals/approvers',
      message: 'no approvers are named: nobody can approve this production release',
      hint: 'list who may approve in spec.approvals.approvers, e.g. [team-lead]',
    });
  } else if (approvers.length < required) {
    findings.push({
      path: '/spec/approvals/approvers',
      message: `${required} approvals are required but only ${approvers.length} approver${approvers.length === 1 ? ' is' : 's are'} named`,
      hint: 'name more approvers, or lower spec.approvals.required',
    });
  }
  return findings;
}
