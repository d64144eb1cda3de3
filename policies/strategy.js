// strategy: the rules of each release strategy from the release standard.
//  - Canary: weights strictly increase within 1-100, the first step is small, each increase is
//    followed by a pause or an analysis. Steps that end below 100% are promoted fully after the last
//    step (a warning says so). Without traffic routing the share is set by pod counts: a weight the
//    replicas cannot meet within replicaShareTolerance percentage points is a finding.
//  - BlueGreen: names the Service to switch and how long the old environment is kept; a stepwise
//    (partial) switch needs traffic routing and follows the same step rules; without setWeight steps
//    the Service switches all traffic at once.
//  - setHeaderRoute and setMirrorRoute need traffic routing; Gateway API matches headers exactly or by
//    regular expression, not by prefix.
//  - Rolling: a readiness health check and a sane maxUnavailable.
//  - Every strategy: at least minReplicas replicas, or the release has downtime.
export const meta = {
  id: 'strategy',
  severity: 'error',
  description: 'Strategy rules: canary steps grow from a small first step with a pause or analysis after each; without traffic routing the replicas meet each weight; blue-green keeps the old environment; rolling has health checks; enough replicas.',
  params: { maxFirstStepWeight: 10, minReplicas: 2, maxUnavailablePercent: 50, replicaShareTolerance: 5 },
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
    steps(s.canary.steps ?? [], base, p, true, findings);
    routeSteps(s.canary.steps ?? [], base, s.canary.trafficRouting, findings);
    if (!s.canary.trafficRouting) {
      replicaShares(s.canary.steps ?? [], replicas, base, p, findings);
    }
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
        hint: 'add spec.strategy.blueGreen.trafficRouting (istio {virtualService, destinationRule} or gatewayAPI {httpRoute, stableService, canaryService}), or switch at once (setWeight: 100)',
      });
    }
    if (bg.steps && bg.steps.length) {
      steps(bg.steps, base, p, false, findings);
      routeSteps(bg.steps, base, bg.trafficRouting, findings);
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

// setHeaderRoute and setMirrorRoute edit the team's router object: without one there is nothing to
// route by header or mirror with. Gateway API has no prefix match for headers.
function routeSteps(list, base, routing, findings) {
  const key = base.endsWith('canary') ? 'canary' : 'blueGreen';
  list.forEach((st, i) => {
    const kind = st.setHeaderRoute ? 'setHeaderRoute' : st.setMirrorRoute ? 'setMirrorRoute' : undefined;
    if (!kind) return;
    if (!routing) {
      findings.push({
        path: `${base}/steps/${i}/${kind}`,
        message: `step ${i + 1} (${kind}) needs a traffic router, but spec.strategy.${key}.trafficRouting is not set`,
        hint: `add spec.strategy.${key}.trafficRouting (istio or gatewayAPI), or remove the step`,
      });
      return;
    }
    if (kind === 'setHeaderRoute' && routing.gatewayAPI) {
      (st.setHeaderRoute.match ?? []).forEach((m, j) => {
        if (m && typeof m.prefix === 'string') {
          findings.push({
            path: `${base}/steps/${i}/setHeaderRoute/match/${j}/prefix`,
            message: `header match on ${m.header}: Gateway API cannot match a header by prefix`,
            hint: `write regex: "^${m.prefix.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')}.*" instead (or exact)`,
          });
        }
      });
    }
  });
}

function steps(list, base, p, canary, findings) {
  const weights = [];
  list.forEach((st, i) => {
    if (typeof st.setWeight === 'number') weights.push([st.setWeight, i]);
  });
  if (weights.length === 0) {
    // A blue-green release without weight steps switches all traffic at once: nothing to judge.
    if (!canary) return;
    findings.push({
      path: base + (list.length ? '/steps' : ''),
      message: 'the canary has no setWeight step: traffic never moves to the new version',
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
  if (last < 100 && last >= 1) {
    // The plan promotes fully after the last step (policy and plan agree: docs/plan.md).
    findings.push({
      path: `${base}/steps/${lastIndex}/setWeight`,
      severity: 'warning',
      message: `the last weight is ${last}%: after the last step the new version is promoted to all of the traffic at once`,
      hint: 'end the steps with setWeight: 100 to make the full switch a step of its own',
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

// Without a router the Service spreads requests evenly over the pods of both versions, so a weight
// is met only as closely as whole pods allow. One finding per weight the replicas miss by more than
// the tolerance; the hint names the smallest replica count that meets every weight.
function replicaShares(list, replicas, base, p, findings) {
  const weights = [];
  list.forEach((st, i) => {
    if (typeof st.setWeight === 'number' && st.setWeight >= 1 && st.setWeight <= 100) weights.push([st.setWeight, i]);
  });
  if (replicas < 1 || weights.length === 0) return;
  const tolerance = p.replicaShareTolerance;
  const enough = smallestTotal(weights.map(([w]) => w), tolerance);
  for (const [w, i] of weights) {
    const r = replicaRatio(replicas, w);
    if (withinTolerance(r, tolerance)) continue;
    findings.push({
      path: `${base}/steps/${i}/setWeight`,
      message: `step ${i + 1} asks for ${w}% of the traffic, but without traffic routing ${replicas} replica${replicas === 1 ? '' : 's'} give ${render(r)}: more than ${tolerance} percentage points off`,
      hint: (enough === null ? '' : `raise spec.replicas to ${enough}, or `)
        + 'add spec.strategy.canary.trafficRouting (a traffic router splits requests by weight)',
    });
  }
}

// ---- pod counts for a weight: a copy of core.routing.ReplicaRatio (keep the two identical;
// ReplicaRatioParityTest runs both on the same table) ----

function replicaRatio(total, weight) {
  if (weight === 0) return { total, weight, canary: 0, stable: total };
  if (weight === 100) return { total, weight, canary: total, stable: 0 };
  // One pod cannot be split: run one of each, the nearest a single replica gets to a share.
  if (total === 1) return { total, weight, canary: 1, stable: 1 };
  const canary = Math.max(1, Math.min(total - 1, Math.round((total * weight) / 100)));
  return { total, weight, canary, stable: total - canary };
}

function realShare(r) {
  return (100 * r.canary) / (r.canary + r.stable);
}

function withinTolerance(r, tolerance) {
  return Math.abs(realShare(r) - r.weight) <= tolerance + 1e-9;
}

function render(r) {
  const share = Math.round(realShare(r) * 10) / 10;
  return `${r.canary} of ${r.canary + r.stable} pods, ${share}%`;
}

function smallestTotal(weights, tolerance) {
  for (let n = 1; n <= 100; n++) {
    if (weights.every((w) => withinTolerance(replicaRatio(n, w), tolerance))) return n;
  }
  return null;
}
