// data-compatibility: when a release changes data, it says whether old and new versions can share
// it; irreversible migrations need backward compatibility and a data-rollback strategy; strategies
// that run both versions at once need compatibility both ways: blue-green and canary by design, and
// rolling too, since old and new pods serve side by side until the rollout ends.
export const meta = {
  id: 'data-compatibility',
  severity: 'error',
  description: 'Data changes declare compatibility; irreversible migrations have a rollback strategy; versions running side by side are compatible both ways.',
  params: { bothWaysStrategies: ['BlueGreen', 'Canary', 'Rolling'] },
};

export function check(release, ctx) {
  const spec = release.spec ?? {};
  const dc = spec.dataCompatibility;
  const type = spec.strategy?.type;
  if (!dc) {
    return [{
      path: '/spec',
      severity: 'warning',
      message: 'spec.dataCompatibility is missing: the release does not say whether it changes data',
      hint: 'add spec.dataCompatibility: {schemaChanges: false} or, with changes, the compatibility and migrations',
    }];
  }
  const findings = [];
  const migrations = dc.migrations ?? [];
  if (migrations.length > 0 && dc.schemaChanges === false) {
    findings.push({
      path: '/spec/dataCompatibility/schemaChanges',
      message: `schemaChanges is false but ${migrations.length} migration(s) are listed`,
      hint: 'set schemaChanges: true, or remove the migrations that do not belong to this release',
    });
  }
  const changes = dc.schemaChanges === true || migrations.length > 0;
  if (!changes) {
    return findings;
  }
  for (const key of ['backwardCompatible', 'forwardCompatible']) {
    if (typeof dc[key] !== 'boolean') {
      findings.push({
        path: '/spec/dataCompatibility',
        message: `the release changes data but does not declare ${key}`,
        hint: key === 'backwardCompatible'
          ? 'set backwardCompatible: true if the old version still works on the new schema (needed to roll back)'
          : 'set forwardCompatible: true if the new version works on the old schema (needed while both run)',
      });
    }
  }
  migrations.forEach((m, i) => {
    if (m.reversible === true) {
      return;
    }
    const label = m.id ? `'${m.id}'` : `${i + 1}`;
    if (dc.backwardCompatible !== true) {
      findings.push({
        path: `/spec/dataCompatibility/migrations/${i}`,
        message: `migration ${label} is not reversible and the old version is not backward compatible with the new schema: a rollback would break`,
        hint: 'make the migration reversible (add a down migration), or make the change backward compatible (expand first, contract in a later release) and set backwardCompatible: true',
      });
    }
    if (!dc.rollbackStrategy) {
      findings.push({
        path: `/spec/dataCompatibility/migrations/${i}`,
        message: `migration ${label} is not reversible and no data-rollback strategy is given`,
        hint: 'set spec.dataCompatibility.rollbackStrategy, e.g. "restore from the pre-release snapshot"',
      });
    }
  });
  if ((ctx.params.bothWaysStrategies ?? []).includes(type)) {
    for (const key of ['backwardCompatible', 'forwardCompatible']) {
      if (dc[key] === false) {
        findings.push({
          path: `/spec/dataCompatibility/${key}`,
          message: type === 'Rolling'
            ? `a Rolling release runs old and new pods side by side until the rollout ends, so data must be compatible both ways, but ${key} is false`
            : `${type} runs the old and the new version at once, so data must be compatible both ways, but ${key} is false`,
          hint: 'split the change so each release is compatible both ways (expand/contract: add the new schema in this release, remove the old one in a later release)',
        });
      }
    }
  }
  return findings;
}
