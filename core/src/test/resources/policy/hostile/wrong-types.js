export const meta = { id: 'team-wrong-types', severity: 'error', description: 'Returns a path that is a number.' };
export function check(release, ctx) {
  return [{ path: 42, message: 'path is a number' }];
}
