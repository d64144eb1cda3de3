// checklist: the pre-release checklist checks what it can. Items the manifest itself evidences
// (strategy, window, rollback, metrics, alerts, dashboards) are read from it: a missing tick is fine,
// a tick the manifest contradicts is an error naming the missing evidence. What only a person can
// attest (tests, configuration, dependencies, database changes, people told, on-call) stays a tick.
export const meta = {
  id: 'checklist',
  severity: 'error',
  description: 'The pre-release checklist: what a person attests is ticked, and no tick claims what the manifest does not show (strategy, window, rollback, metrics, alerts, dashboards are read from the manifest).',
  params: {
    required: ['testsPassed', 'configUpdated', 'dependenciesConfirmed', 'databaseChangesPrepared',
      'peopleNotified', 'onCallInPlace'],
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

const nonEmpty = (list) => Array.isArray(list) && list.length > 0;

// The evidence of each item the manifest shows: what must be there, and how to add it when it is not.
const EVIDENCE = {
  strategyChosen: {
    present: (spec) => Boolean(spec.strategy?.type),
    missing: 'spec.strategy.type is not set',
    add: 'choose the strategy in spec.strategy.type (Rolling, BlueGreen or Canary)',
  },
  windowSet: {
    present: (spec) => spec.window !== undefined && spec.window !== null,
    missing: 'spec.window is missing',
    add: 'set the release window in spec.window (timezone and allow windows)',
  },
  rollbackPlanReady: {
    present: (spec) => spec.rollback !== undefined && spec.rollback !== null,
    missing: 'spec.rollback is missing',
    add: 'write the rollback plan in spec.rollback (to, rehearsed, automatic)',
  },
  metricsConfigured: {
    present: (spec) => nonEmpty(spec.monitoring?.metrics),
    missing: 'spec.monitoring.metrics defines no metric',
    add: 'define the metrics in spec.monitoring.metrics, e.g. {name: errorRate, query: ..., max: 0.01}',
  },
  alertsSet: {
    present: (spec) => nonEmpty(spec.monitoring?.alerts),
    missing: 'spec.monitoring.alerts lists no alert rule',
    add: 'list the alert rules in spec.monitoring.alerts, e.g. [MyAppHighErrorRate]',
  },
  dashboardsReady: {
    present: (spec) => nonEmpty(spec.monitoring?.dashboards),
    missing: 'spec.monitoring.dashboards lists no dashboard',
    add: 'add the dashboard URLs to spec.monitoring.dashboards',
  },
};

const label = (item) => `checklist item '${item}' (${LABELS[item] ?? item})`;
const pointer = (item) => '/spec/checklist/' + item.replace(/~/g, '~0').replace(/\//g, '~1');

export function check(release, ctx) {
  const spec = release.spec ?? {};
  const list = spec.checklist;
  const required = ctx.params.required ?? [];
  const attested = required.filter((item) => !EVIDENCE[item]);
  const findings = [];
  if (!list && attested.length > 0) {
    findings.push({
      path: '/spec',
      message: 'spec.checklist is missing: nobody attested the pre-release checklist',
      hint: `add spec.checklist with each item true once done: ${attested.join(', ')}`,
    });
  }
  const items = list ?? {};
  for (const item of required) {
    const evidence = EVIDENCE[item];
    if (item in items) {
      continue;
    }
    if (evidence && !evidence.present(spec)) {
      // A team that requires an evidenced item requires its evidence: no tick can stand in for it.
      findings.push({
        path: list ? '/spec/checklist' : '/spec',
        message: `${label(item)} is required by the configuration, but ${evidence.missing}`,
        hint: evidence.add,
      });
    } else if (!evidence && list) {
      findings.push({
        path: '/spec/checklist',
        message: `${label(item)} is missing`,
        hint: `add ${item}: true to spec.checklist once it is done`,
      });
    }
  }
  for (const [item, done] of Object.entries(items)) {
    const evidence = EVIDENCE[item];
    if (done !== true) {
      findings.push({
        path: pointer(item),
        message: `${label(item)} is not done`,
        hint: evidence && !required.includes(item)
          ? `finish it, then set ${item}: true, or remove the item: the manifest is its evidence`
          : `finish it, then set ${item}: true`,
      });
    } else if (evidence && !evidence.present(spec)) {
      findings.push({
        path: pointer(item),
        message: `${label(item)} is ticked, but the manifest contradicts it: ${evidence.missing}`,
        hint: `${evidence.add}, or remove the tick`,
      });
    }
  }
  return findings;
}
