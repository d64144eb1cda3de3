export const meta = { id: 'team-many', severity: 'warning', description: 'Returns 10,000 findings.' };
export function check(release) {
  const out = [];
  for (let i = 0; i < 10000; i++) out.push({ path: '/spec', message: 'finding ' + i });
  return out;
}
