// rollback-plan: every release says what it rolls back to (spec.rollback.to, or else the running
// version read from spec.workload.manifest), the rollback was rehearsed recently,
// and automatic rollback triggers watch metrics that are defined.
export const meta = {
  id: 'rollback-plan',
  severity: 'error',
  description: 'A release names a rollback target other than itself, rehearsed recently, with automatic triggers on defined metrics.',
  params: { maxRehearsalAgeDays: 30, requireRehearsal: true },
};

const DAY = 24 * 60 * 60 * 1000;

export function check(release, ctx) {
  const spec = release.spec ?? {};
  const rb = spec.rollback;
  const findings = [];
  if (!rb) {
    return [{
      path: '/spec',
      message: 'spec.rollback is missing: the release has no rollback plan',
      hint: 'add spec.rollback.to with the last stable version, and spec.rollback.rehearsed {environment, at}',
    }];
  }
  // Without rollback.to the running version is the target when it can be known (the version label of
  // the Deployment file's pod template); the planner takes the same one, or refuses the plan.
  const running = release.workload?.runningVersion;
  if (!rb.to && running === undefined) {
    findings.push({
      path: '/spec/rollback',
      message: 'spec.rollback.to is missing and the running version cannot be known: no version to roll back to',
      hint: 'set spec.rollback.to to the last stable version, e.g. "2.6.3", or name the team\'s Deployment file in spec.workload.manifest with a version label in its pod template',
    });
  } else if (!rb.to && running === spec.version) {
    findings.push({
      path: '/workload/runningVersion',
      message: `spec.rollback.to is missing and the running version (the pod template's version label) is ${running}, the version being released: rolling back would change nothing`,
      hint: 'set spec.rollback.to to the last stable version, or correct the version label in the Deployment file',
    });
  } else if (!rb.to) {
    // The running version is the target: nothing to report.
  } else if (rb.to === spec.version) {
    findings.push({
      path: '/spec/rollback/to',
      message: `spec.rollback.to is ${rb.to}, the version being released: rolling back would change nothing`,
      hint: 'set spec.rollback.to to the last stable version before this one',
    });
  } else if (rb.image && spec.image && rb.image === spec.image) {
    findings.push({
      path: '/spec/rollback/image',
      message: `spec.rollback.image is the image being released (${rb.image})`,
      hint: 'set spec.rollback.image to the image of the last stable version',
    });
  }
  const r = rb.rehearsed;
  if (!r) {
    if (ctx.params.requireRehearsal) {
      findings.push({
        path: '/spec/rollback',
        message: 'the rollback plan was never rehearsed (spec.rollback.rehearsed is missing)',
        hint: 'rehearse the rollback in staging and record it: rehearsed: {environment: staging, at: "YYYY-MM-DD"}',
      });
    }
  } else {
    if (!r.environment) {
      findings.push({
        path: '/spec/rollback/rehearsed',
        message: 'spec.rollback.rehearsed.environment is missing: where was the rollback rehearsed?',
        hint: 'set spec.rollback.rehearsed.environment, e.g. staging',
      });
    }
    if (!r.at) {
      findings.push({
        path: '/spec/rollback/rehearsed',
        message: 'spec.rollback.rehearsed.at is missing: when was the rollback rehearsed?',
        hint: 'set spec.rollback.rehearsed.at to the date of the rehearsal, e.g. "2026-11-20"',
      });
    } else {
      const at = Date.parse(String(r.at).length === 10 ? r.at + 'T00:00:00Z' : r.at);
      const now = Date.parse(ctx.now);
      const max = Number(ctx.params.maxRehearsalAgeDays);
      if (Number.isNaN(at)) {
        findings.push({
          path: '/spec/rollback/rehearsed/at',
          message: `spec.rollback.rehearsed.at '${r.at}' is not a date`,
          hint: 'write the date as "YYYY-MM-DD" (quoted)',
        });
      } else if (at > now) {
        findings.push({
          path: '/spec/rollback/rehearsed/at',
          message: `the rollback rehearsal date ${r.at} is in the future`,
          hint: 'record the date the rehearsal actually happened',
        });
      } else if ((now - at) / DAY > max) {
        const age = Math.floor((now - at) / DAY);
        findings.push({
          path: '/spec/rollback/rehearsed/at',
          message: `the rollback was last rehearsed ${age} days ago (${r.at}), more than ${max} days`,
          hint: `rehearse the rollback again (at most ${max} days before the release) and update spec.rollback.rehearsed.at`,
        });
      }
    }
  }
  const defined = new Set((spec.monitoring?.metrics ?? []).map((m) => m.name));
  (rb.automatic ?? []).forEach((t, i) => {
    if (t.metric && !defined.has(t.metric)) {
      findings.push({
        path: `/spec/rollback/automatic/${i}/metric`,
        message: `automatic rollback trigger ${i + 1} watches metric '${t.metric}', which spec.monitoring.metrics does not define`,
        hint: `define '${t.metric}' in spec.monitoring.metrics (name, query, max) or use one of: ${[...defined].join(', ') || 'no metric is defined yet'}`,
      });
    }
  });
  return findings;
}
