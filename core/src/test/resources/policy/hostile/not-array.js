export const meta = { id: 'team-not-array', severity: 'error', description: 'Returns an object.' };
export function check(release, ctx) {
  return { path: '/spec', message: 'not in an array' };
}
