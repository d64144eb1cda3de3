// rollback-plan: every release says what it rolls back to (spec.rollback.to, or else the running
// version read from spec.workload.manifest), the rollback was rehearsed recently,
// and automatic rollback triggers watch metrics that are defined, have a value (a query or web check, not
// a job or webhook) and can fire: a trigger whose `for` is longer than every step that watches it never
// fires (a warning). The checks of spec.rollback.afterRollback are defined.
export const meta = {
  id: 'rollback-plan',
  severity: 'error',
  description: 'A release names a rollback target other than itself, rehearsed recently, with automatic triggers on defined metrics that some step watches long enough to fire.',
  params: { maxRehearsalAgeDays: 30, requireRehearsal: true },
};

const DAY = 24 * 60 * 60 * 1000;
const UNIT_SECONDS = { d: 86400, h: 3600, m: 60, s: 1 };

// Seconds of a schema duration such as 1h30m; undefined when it is not one.
function seconds(text) {
  if (typeof text !== 'string' || !/^([0-9]+[dhms])+$/.test(text)) {
    return undefined;
  }
  let total = 0;
  for (const [, n, unit] of text.matchAll(/([0-9]+)([dhms])/g)) {
    total += Number(n) * UNIT_SECONDS[unit];
  }
  return total;
}

// The longest time one plan step watches the automatic-rollback triggers, as the planner builds the
// steps: a pause or an analysis for its duration (an analysis without one measures once; the
// postPromotionAnalysis of a canary or a blue-green release is one such analysis), a rolling
// update while it rolls (at most the health-check timeout). The executor judges a breach within one
// step, so stretches do not add up across steps. Undefined when some watch has no upper bound (a pause
// that waits for an approval, a rollout without a health-check timeout) or the strategy is unknown.
function longestWatch(spec) {
  const strategy = spec.strategy ?? {};
  if (strategy.type === 'Rolling') {
    const timeout = seconds(spec.healthCheck?.timeout);
    return timeout === undefined
      ? undefined
      : { seconds: timeout, text: spec.healthCheck.timeout, where: `the rolling update, at most its healthCheck.timeout of ${spec.healthCheck.timeout}` };
  }
  const kind = strategy.type === 'Canary' ? 'canary' : strategy.type === 'BlueGreen' ? 'blueGreen' : undefined;
  if (!kind) {
    return undefined;
  }
  let longest = { seconds: 0, text: '0s', where: 'no pause or analysis with a duration' };
  for (const [i, step] of (strategy[kind]?.steps ?? []).entries()) {
    const waits = step.pause ?? step.analysis;
    if (!waits) {
      continue;
    }
    if (step.pause && waits.duration === undefined) {
      return undefined;
    }
    const s = seconds(waits.duration);
    if (s !== undefined && s > longest.seconds) {
      const what = step.pause ? 'pause' : 'analysis';
      longest = { seconds: s, text: waits.duration, where: `the ${waits.duration} ${what} of step ${i + 1} of spec.strategy.${kind}.steps` };
    }
  }
  // The checks after promotion (canary) or after the switch (blue-green) watch the triggers too.
  const post = seconds(strategy[kind]?.postPromotionAnalysis?.duration);
  if (post !== undefined && post > longest.seconds) {
    const duration = strategy[kind].postPromotionAnalysis.duration;
    longest = { seconds: post, text: duration, where: `the ${duration} spec.strategy.${kind}.postPromotionAnalysis` };
  }
  return longest;
}

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
      // Counted in whole UTC days (ctx.today, not ctx.now): the age needs no finer clock, and a result
      // that read only the date is reused by the verify cache all day rather than for one instant.
      const at = Date.parse(String(r.at).length === 10 ? r.at + 'T00:00:00Z' : r.at);
      const today = Date.parse(ctx.today + 'T00:00:00Z');
      const day = Math.floor(at / DAY) * DAY;
      const max = Number(ctx.params.maxRehearsalAgeDays);
      if (Number.isNaN(at)) {
        findings.push({
          path: '/spec/rollback/rehearsed/at',
          message: `spec.rollback.rehearsed.at '${r.at}' is not a date`,
          hint: 'write the date as "YYYY-MM-DD" (quoted)',
        });
      } else if (day > today) {
        findings.push({
          path: '/spec/rollback/rehearsed/at',
          message: `the rollback rehearsal date ${r.at} is in the future`,
          hint: 'record the date the rehearsal actually happened',
        });
      } else if ((today - day) / DAY > max) {
        const age = (today - day) / DAY;
        findings.push({
          path: '/spec/rollback/rehearsed/at',
          message: `the rollback was last rehearsed ${age} days ago (${r.at}), more than ${max} days`,
          hint: `rehearse the rollback again (at most ${max} days before the release) and update spec.rollback.rehearsed.at`,
        });
      }
    }
  }
  const metrics = spec.monitoring?.metrics ?? [];
  const defined = new Set(metrics.map((m) => m.name));
  const byName = new Map(metrics.map((m) => [m.name, m]));
  (rb.automatic ?? []).forEach((t, i) => {
    if (t.metric && !defined.has(t.metric)) {
      findings.push({
        path: `/spec/rollback/automatic/${i}/metric`,
        message: `automatic rollback trigger ${i + 1} watches metric '${t.metric}', which spec.monitoring.metrics does not define`,
        hint: `define '${t.metric}' in spec.monitoring.metrics (name, query, max) or use one of: ${[...defined].join(', ') || 'no metric is defined yet'}`,
      });
      return;
    }
    // A job or webhook check passes or fails once: it has no value to hold above or below a threshold
    // for a while, so it cannot be watched between polls. It belongs in an analysis step or afterRollback.
    const m = byName.get(t.metric);
    const kind = m && (m.job ? 'job' : m.webhook ? 'webhook' : undefined);
    if (kind) {
      findings.push({
        path: `/spec/rollback/automatic/${i}/metric`,
        message: `automatic rollback trigger ${i + 1} watches '${t.metric}', a ${kind} check: it passes or fails once and has no value to compare with above or below`,
        hint: `watch a query or web metric here; run '${t.metric}' in an analysis step (a failure rolls the release back) or in spec.rollback.afterRollback`,
      });
    }
  });
  (rb.afterRollback?.metrics ?? []).forEach((name, i) => {
    if (!defined.has(name)) {
      findings.push({
        path: `/spec/rollback/afterRollback/metrics/${i}`,
        message: `spec.rollback.afterRollback checks metric '${name}', which spec.monitoring.metrics does not define`,
        hint: `define '${name}' in spec.monitoring.metrics or use one of: ${[...defined].join(', ') || 'no metric is defined yet'}`,
      });
    }
  });
  const watch = longestWatch(spec);
  (rb.automatic ?? []).forEach((t, i) => {
    const hold = seconds(t.for);
    if (watch === undefined || hold === undefined || hold <= watch.seconds) {
      return;
    }
    findings.push({
      path: `/spec/rollback/automatic/${i}/for`,
      severity: 'warning',
      message: `automatic rollback trigger ${i + 1} (${t.metric} for ${t.for}) can never fire: no step watches it for ${t.for}; the longest watch is ${watch.where}, and a breach does not carry over from one step to the next`,
      hint: watch.seconds > 0
        ? `shorten for to at most ${watch.text}, or give a pause or analysis step a duration of at least ${t.for}`
        : `add a pause or analysis step of at least ${t.for} after traffic reaches the new version, or remove for so the first failing measurement rolls back`,
    });
  });
  return findings;
}
