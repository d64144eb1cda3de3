export const meta = { id: 'team-mutate', severity: 'error', description: 'Tries to change the manifest.' };
export function check(release, ctx) {
  release.spec.version = 'hacked';
  return [];
}
