// monitoring: a release is watched: an error-rate or success-rate metric with a threshold, every metric an
// analysis step uses is defined, canary and blue-green (which judge the new version by its metrics) have
// monitoring at all; alerts and dashboards are expected (warnings).
// Any kind of check counts as evidence (query, web, job, webhook, or a template of .release-policy.yaml): a
// metric is recognised by its name, its query or its template's name. Verify expands templates before the
// policies run, so an expanded metric is judged with the template's query and bounds; a template that no
// manifest can expand (a placeholder it does not declare) is reported by verify itself on the configuration
// file (metric-template), since a policy only sees the manifest.
// Metrics named by automatic rollback triggers are checked by rollback-plan, so one mistake is one finding.
export const meta = {
  id: 'monitoring',
  severity: 'error',
  description: 'Monitoring has an error-rate or success-rate metric with a threshold and defines every metric that analyses use; alerts and dashboards exist.',
  params: {
    errorRatePattern: '(?:error|5xx|fail)',
    successRatePattern: 'success[-_.]?rate',
    requireForStrategies: ['Canary', 'BlueGreen', 'Rolling'],
  },
};

// The kinds of check a metric can be; a job or webhook check passes or fails by itself, so it needs no bound.
const MEASURED_KINDS = ['query', 'web', 'template'];
const VERDICT_KINDS = ['job', 'webhook'];

// Compiling a RegExp is costly in the interpreter: keep the one for the configured pattern.
const cachedRegExps = new Map();
function regExp(pattern) {
  let r = cachedRegExps.get(pattern);
  if (r === undefined) {
    r = new RegExp(pattern, 'i');
    cachedRegExps.set(pattern, r);
  }
  return r;
}

// What a metric is recognised by: its name, its query and the template it comes from.
function labels(m) {
  return [m.name, m.query, m.template].filter((v) => typeof v === 'string');
}

function has(m, key) {
  return m[key] !== undefined && m[key] !== null;
}

export function check(release, ctx) {
  const spec = release.spec ?? {};
  const type = spec.strategy?.type;
  const mon = spec.monitoring;
  const findings = [];
  if (!mon) {
    if ((ctx.params.requireForStrategies ?? []).includes(type)) {
      findings.push({
        path: '/spec',
        message: type === 'Canary' || type === 'BlueGreen'
          ? `spec.monitoring is missing: a ${type} release is judged by its metrics, so it needs monitoring`
          : 'spec.monitoring is missing: nobody would see the release go wrong',
        hint: 'add spec.monitoring with a provider, an address and an errorRate metric with a max, e.g. {name: errorRate, query: ..., max: 0.01}',
      });
    }
    return findings;
  }
  const metrics = mon.metrics ?? [];
  const errorPattern = regExp(ctx.params.errorRatePattern ?? '(?:error|5xx|fail)');
  const successPattern = regExp(ctx.params.successRatePattern ?? 'success[-_.]?rate');
  // candidates: any kind of check whose name, query or template says it watches the error or success rate
  const candidates = [];
  metrics.forEach((m, i) => {
    if (!m || typeof m !== 'object') return;
    const measured = MEASURED_KINDS.some((k) => has(m, k));
    const verdict = VERDICT_KINDS.some((k) => has(m, k));
    if (!measured && !verdict) return;
    const text = labels(m);
    const errorLike = text.some((t) => errorPattern.test(t));
    const successLike = text.some((t) => successPattern.test(t));
    if (!errorLike && !successLike) return;
    // an error rate is bounded from above, a success rate from below (Flagger's request-success-rate, min: 99)
    const bounded = verdict && !measured
      || errorLike && (typeof m.max === 'number' || typeof m.below === 'number')
      || successLike && (typeof m.min === 'number' || typeof m.above === 'number');
    candidates.push({ m, i, errorLike, bounded });
  });
  if (candidates.length === 0) {
    findings.push({
      path: metrics.length ? '/spec/monitoring/metrics' : '/spec/monitoring',
      message: 'no error-rate or success-rate metric: nothing would notice the new version failing requests',
      hint: 'add a metric such as {name: errorRate, query: "sum(rate(...5xx...)) / sum(rate(...))", max: 0.01} or {name: request-success-rate, ..., min: 0.99} (any kind: query, web, job, webhook or template) to spec.monitoring.metrics',
    });
  } else if (!candidates.some((c) => c.bounded)) {
    const { m, i, errorLike } = candidates[0];
    findings.push({
      path: `/spec/monitoring/metrics/${i}`,
      message: errorLike
        ? `the error-rate metric '${m.name}' has no threshold (max)`
        : `the success-rate metric '${m.name}' has no threshold (min)`,
      hint: errorLike
        ? `set max on '${m.name}', e.g. max: 0.01 for 1% errors`
        : `set min on '${m.name}', e.g. min: 0.99 for 99% successful requests`,
    });
  }
  const defined = new Set(metrics.map((m) => m.name));
  const strategy = spec.strategy ?? {};
  for (const kind of ['canary', 'blueGreen']) {
    (strategy[kind]?.steps ?? []).forEach((step, i) => {
      (step.analysis?.metrics ?? []).forEach((name, j) => {
        if (!defined.has(name)) {
          findings.push({
            path: `/spec/strategy/${kind}/steps/${i}/analysis/metrics/${j}`,
            message: `analysis step ${i + 1} uses metric '${name}', which spec.monitoring.metrics does not define`,
            hint: `define '${name}' in spec.monitoring.metrics or use one of: ${[...defined].join(', ') || 'no metric is defined yet'}`,
          });
        }
      });
    });
  }
  for (const kind of ['canary', 'blueGreen']) {
    (strategy[kind]?.postPromotionAnalysis?.metrics ?? []).forEach((name, j) => {
      if (!defined.has(name)) {
        findings.push({
          path: `/spec/strategy/${kind}/postPromotionAnalysis/metrics/${j}`,
          message: `postPromotionAnalysis uses metric '${name}', which spec.monitoring.metrics does not define`,
          hint: `define '${name}' in spec.monitoring.metrics or use one of: ${[...defined].join(', ') || 'no metric is defined yet'}`,
        });
      }
    });
  }
  if (!(mon.alerts ?? []).length) {
    findings.push({
      path: mon.alerts ? '/spec/monitoring/alerts' : '/spec/monitoring',
      severity: 'warning',
      message: 'no alert rules: nobody is paged when the release goes wrong after it finishes',
      hint: 'list the alert rules that cover this application in spec.monitoring.alerts, e.g. [MyAppHighErrorRate]',
    });
  }
  if (!(mon.dashboards ?? []).length) {
    findings.push({
      path: mon.dashboards ? '/spec/monitoring/dashboards' : '/spec/monitoring',
      severity: 'warning',
      message: 'no dashboards: people watching the release have nothing to look at',
      hint: 'add the dashboard URLs to spec.monitoring.dashboards, e.g. [https://grafana.example.com/d/myapp]',
    });
  }
  return findings;
}
