export const meta = { id: 'team-params', severity: 'warning', description: 'Huge default parameters.',
                      params: { blob: 'x'.repeat(200 * 1024) } };
export function check(release) {
  return [];
}
