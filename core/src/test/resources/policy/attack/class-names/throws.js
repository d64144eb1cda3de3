export const meta = { id: 'team-names-throws', severity: 'warning', description: 'Throws with the manifest.' };
export function check(release) {
  release.spec.version = 'forged';
  return [];
}
