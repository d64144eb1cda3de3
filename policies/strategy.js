// strategy: the rules of each release strategy from the release standard.
//  - Canary: weights strictly increase within 1-100 and end at 100, the first step is small, each
//    increase is followed by a pause or an analysis; traffic routing is required.
//  - BlueGreen: names the Service to switch and how long the old environment is kept; a stepwise
//    (partial) switch needs traffic routing and follows the same step rules.
//  - Rolling: a readiness health check and a sane maxUnavailable.
//  - Every strategy: at least minReplicas replicas, or the release has downtime.
export const meta = {
  id: 'strategy',
  severity: 'error',
  description: 'Strategy rules: canary steps grow from a small first step to 100% with a pause or analysis after each; blue-green keeps the old environment; rolling has health checks; enough replicas.',
  params: { maxFirstStepWeight: 10, minReplicas: 2, maxUnavailablePercent: 50 },
};

export function check(release, ctx) {
  const spec = release.spec ?? {};
  const s = spec.strategy ?? {};
  const p = ctx.params;
  const findings = [];
  const replicas = spec.replicas ?? 1;
  if (replicas < p.minReplicas) {
    findings.push({
      path: spec.replicas === undefined ? '/spec' : '/spec/replicas',
      message: `${replicas} replica${replicas === 1 ? '' : 's'}: a release without downtime needs at least ${p.minReplicas}`,
      hint: `set spec.replicas to ${p.minReplicas} or more`,
    });
  }
  if (s.type === 'Canary' && s.canary) {
    const base = '/spec/strategy/canary';
    if (!s.canary.trafficRouting) {
      findings.push({
        path: base,
        message: 'a canary release needs traffic routing to send a share of the requests to the new version',
        hint: 'add spec.strategy.canary.trafficRouting.istio {virtualService, destinationRule}',
      });
    }
    steps(s.canary.steps ?? [], base, p, true, findings);
  } else if (s.type === 'BlueGreen' && s.blueGreen) {
    const bg = s.blueGreen;
    const base = '/spec/strategy/blueGreen';
    if (!bg.service) {
      findings.push({
        path: base,
        message: 'a blue-green release needs the Service whose selector is switched',
        hint: 'set spec.strategy.blueGreen.service to the Service name',
      });
    }
    if (!bg.keepPrevious) {
      findings.push({
        path: base,
        message: 'the blue-green release does not say how long the old (blue) environment is kept for an instant rollback',
        hint: 'set spec.strategy.blueGreen.keepPrevious, e.g. 24h',
      });
    }
    const partial = (bg.steps ?? []).some((st) => typeof st.setWeight === 'number' && st.setWeight > 0 && st.setWeight < 100);
    if (partial && !bg.trafficRouting) {
      findings.push({
        path: base + '/steps',
        message: 'the blue-green switch goes in steps (a weight below 100%) but no traffic routing is set: a Service selector can only switch all at once',
        hint: 'add spec.strategy.blueGreen.trafficRouting.istio {virtualService, destinationRule}, or switch at once (setWeight: 100)',
      });
    }
    if (bg.steps && bg.steps.length) {
      steps(bg.steps, base, p, false, findings);
    }
  } else if (s.type === 'Rolling') {
    if (!spec.healthCheck) {
      findings.push({
        path: '/spec',
        message: 'a rolling release needs a readiness health check: without it, broken pods receive traffic while old ones are removed',
        hint: 'add spec.healthCheck {path: /healthz, port: 8080, timeout: 5m}',
      });
    }
    const r = s.rolling ?? {};
    const unavailable = count(r.maxUnavailable, replicas);
    const surge = count(r.maxSurge, replicas);
    if (r.maxUnavailable !== undefined) {
      const percent = typeof r.maxUnavailable === 'string' ? parseFloat(r.maxUnavailable) : (100 * r.maxUnavailable) / replicas;
      if (unavailable >= replicas) {
        findings.push({
          path: '/spec/strategy/rolling/maxUnavailable',
          message: `maxUnavailable ${r.maxUnavailable} lets all ${replicas} pods go down at once`,
          hint: `lower maxUnavailable, e.g. 0 or "25%"`,
        });
      } else if (percent > p.maxUnavailablePercent) {
        findings.push({
          path: '/spec/strategy/rolling/maxUnavailable',
          message: `maxUnavailable ${r.maxUnavailable} takes more than ${p.maxUnavailablePercent}% of the pods down at once`,
          hint: `lower maxUnavailable to at most "${p.maxUnavailablePercent}%", e.g. "25%"`,
        });
      }
    }
    if (r.maxUnavailable !== undefined && r.maxSurge !== undefined && unavailable === 0 && surge === 0) {
      findings.push({
        path: '/spec/strategy/rolling',
        message: 'maxSurge and maxUnavailable are both 0: the rollout cannot make progress',
        hint: 'set maxSurge to at least 1 (or "25%") when maxUnavailable is 0',
      });
    }
  }
  return findings;
}

// Kubernetes' rounding: maxUnavailable rounds down, maxSurge up; good enough for both checks here.
function count(v, replicas) {
  if (v === undefined) return 1;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v));
  return m ? Math.floor((Number(m[1]) * replicas) / 100) : Number(v);
}

function steps(list, base, p, canary, findings) {
  const weights = [];
  list.forEach((st, i) => {
    if (typeof st.setWeight === 'number') weights.push([st.setWeight, i]);
  });
  if (weights.length === 0) {
    findings.push({
      path: base + (list.length ? '/steps' : ''),
      message: canary ? 'the canary has no setWeight step: traffic never moves to the new version'
        : 'the blue-green steps have no setWeight step: traffic never moves to the new version',
      hint: 'add steps such as setWeight: 5, pause: {duration: 30m}, analysis: {metrics: [errorRate]}, …, setWeight: 100',
    });
    return;
  }
  let prev = 0;
  for (const [w, i] of weights) {
    const path = `${base}/steps/${i}/setWeight`;
    if (w < 1 || w > 100) {
      findings.push({ path, message: `step ${i + 1} sets weight ${w}, outside 1–100`, hint: 'use a share between 1 and 100 percent' });
    } else if (w <= prev) {
      findings.push({
        path,
        message: `step ${i + 1} sets weight ${w} after ${prev}: weights must strictly increase`,
        hint: `use a weight above ${prev}, or remove the step`,
      });
    }
    prev = Math.max(prev, w);
  }
  const [first, firstIndex] = weights[0];
  if (canary && first > p.maxFirstStepWeight && first <= 100) {
    findings.push({
      path: `${base}/steps/${firstIndex}/setWeight`,
      message: `the first canary step sends ${first}% of the traffic; at most ${p.maxFirstStepWeight}% is allowed`,
      hint: `start with a small share such as setWeight: ${Math.min(5, p.maxFirstStepWeight)}`,
    });
  }
  const [last, lastIndex] = weights[weights.length - 1];
  if (last !== 100) {
    findings.push({
      path: `${base}/steps/${lastIndex}/setWeight`,
      message: `the last weight is ${last}%: the new version never takes all the traffic`,
      hint: 'end the steps with setWeight: 100',
    });
  }
  for (const [w, i] of weights) {
    if (w >= 100) continue;
    const next = list[i + 1];
    if (!next || !(next.pause || next.analysis)) {
      findings.push({
        path: `${base}/steps/${i}`,
        message: `step ${i + 1} moves ${w}% of the traffic but is not followed by a pause or an analysis: nobody looks before the next increase`,
        hint: `add a step after it: pause: {duration: 10m} or analysis: {metrics: [errorRate]}`,
      });
    }
  }
}
