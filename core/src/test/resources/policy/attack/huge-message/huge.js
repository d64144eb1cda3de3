export const meta = { id: 'team-huge', severity: 'warning', description: 'Returns huge texts.' };
export function check(release) {
  const big = 'x'.repeat(1024 * 1024);
  return [{ path: '/spec', message: 'm' + big, hint: 'h' + big }];
}
