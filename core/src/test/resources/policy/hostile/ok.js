// A well-behaved team policy: its finding must still appear next to the failures of the others.
export const meta = { id: 'team-ok', severity: 'warning', description: 'Reports the version.', params: { label: 'v' } };
export function check(release, ctx) {
  return [{ path: '/spec/version', message: `version ${ctx.params.label}${release.spec.version}`, hint: 'none needed' }];
}
