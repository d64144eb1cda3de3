// A catastrophic backtracking regex in check() (the back reference forces the backtracking matcher).
export const meta = { id: 'team-slow', severity: 'error', description: 'Backtracks.' };
export function check(release) {
  /^(a+)+\1$/.test('a'.repeat(30) + 'b');
  return [];
}
