export const meta = { id: 'Bad Id!', severity: 'error', description: 'Has an invalid id.' };
export function check(release, ctx) {
  return [];
}
