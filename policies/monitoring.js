// monitoring: a release is watched: an error-rate metric with a threshold, every metric an analysis
// step uses is defined, canary and blue-green (which judge the new version by its metrics) have
// monitoring at all; alerts and dashboards are expected (warnings).
// Metrics named by automatic rollback triggers are checked by rollback-plan, so one mistake is one finding.
export const meta = {
  id: 'monitoring',
  severity: 'error',
  description: 'Monitoring has an error-rate metric with a threshold and defines every metric that analyses use; alerts and dashboards exist.',
  params: { errorRatePattern: '(?:error|5xx|fail)', requireForStrategies: ['Canary', 'BlueGreen', 'Rolling'] },
};

// Compiling a RegExp is costly in the interpreter: keep the one for the configured pattern.
let cachedPattern = null;
let cachedRegExp = null;
function errorRateRegExp(pattern) {
  if (pattern !== cachedPattern) {
    cachedRegExp = new RegExp(pattern, 'i');
    cachedPattern = pattern;
  }
  return cachedRegExp;
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
  const pattern = errorRateRegExp(ctx.params.errorRatePattern);
  const errorRates = metrics.map((m, i) => [m, i]).filter(([m]) => pattern.test(m.name ?? ''));
  if (errorRates.length === 0) {
    findings.push({
      path: metrics.length ? '/spec/monitoring/metrics' : '/spec/monitoring',
      message: 'no error-rate metric: nothing would notice the new version failing requests',
      hint: 'add a metric such as {name: errorRate, query: "sum(rate(...5xx...)) / sum(rate(...))", max: 0.01} to spec.monitoring.metrics',
    });
  } else if (!errorRates.some(([m]) => typeof m.max === 'number')) {
    const [m, i] = errorRates[0];
    findings.push({
      path: `/spec/monitoring/metrics/${i}`,
      message: `the error-rate metric '${m.name}' has no threshold (max)`,
      hint: `set max on '${m.name}', e.g. max: 0.01 for 1% errors`,
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
