export const meta = { id: 'team-loop', severity: 'error', description: 'Never returns.' };
export function check(release, ctx) {
  while (true) {}
}
