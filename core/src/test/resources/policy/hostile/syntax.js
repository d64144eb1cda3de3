export const meta = { id: 'team-syntax', severity: 'error', description: 'Does not parse.' };
export function check(release, ctx) {
  return [ { path: '/spec' message: 'missing comma' } ];
}
