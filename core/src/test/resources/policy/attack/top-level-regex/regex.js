export const meta = { id: 'team-top-regex', severity: 'error', description: 'Backtracks at its top level.' };
const hit = /^(a+)+\1$/.test('a'.repeat(30) + 'b');
export function check(release) {
  return [];
}
