// checklist: every item of the pre-release checklist is done; each open item is its own finding.
export const meta = {
  id: 'checklist',
  severity: 'error',
  description: 'Every pre-release checklist item is done (each open item is a finding).',
  params: {
    required: ['testsPassed', 'configUpdated', 'dependenciesConfirmed', 'databaseChangesPrepared',
      'strategyChosen', 'rollbackPlanReady', 'windowSet', 'peopleNotified',
      'metricsConfigured', 'alertsSet', 'dashboardsReady', 'onCallInPlace'],
  },
};

const LABELS = {
  testsPassed: 'tests passed',
  configUpdated: 'configuration updated',
  dependenciesConfirmed: 'dependency versions confirmed',
  databaseChangesPrepared: 'database changes prepared',
  strategyChosen: 'release strategy chosen',
  rollbackPlanReady: 'rollback plan ready',
  windowSet: 'release window set',
  peopleNotified: 'people notified',
  metricsConfigured: 'monitoring metrics configured',
  alertsSet: 'alert rules set',
  dashboardsReady: 'dashboards ready',
  onCallInPlace: 'on-call in place',
};

export function check(release, ctx) {
  const list = release.spec?.checklist;
  const required = ctx.params.required ?? [];
  if (!list) {
    return [{
      path: '/spec',
      message: 'spec.checklist is missing: the pre-release checklist was not filled in',
      hint: `add spec.checklist with each item true once done: ${required.join(', ')}`,
    }];
  }
  const findings = [];
  for (const item of required) {
    if (!(item in list)) {
      findings.push({
        path: '/spec/checklist',
        message: `checklist item '${item}' (${LABELS[item] ?? item}) is missing`,
        hint: `add ${item}: true to spec.checklist once it is done`,
      });
    }
  }
  for (const [item, done] of Object.entries(list)) {
    if (done !== true) {
      findings.push({
        path: '/spec/checklist/' + item.replace(/~/g, '~0').replace(/\//g, '~1'),
        message: `checklist item '${item}' (${LABELS[item] ?? item}) is not done`,
        hint: `finish it, then set ${item}: true`,
      });
    }
  }
  return findings;
}
