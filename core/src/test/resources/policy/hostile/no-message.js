export const meta = { id: 'team-no-message', severity: 'error', description: 'Returns a finding without message.' };
export function check(release, ctx) {
  return [{ path: '/spec', hint: 'no message' }];
}
