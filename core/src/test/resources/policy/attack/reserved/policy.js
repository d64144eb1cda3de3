export const meta = { id: 'policy', severity: 'error', description: 'Takes a reserved id.' };
export function check(release) {
  return [{ path: '/spec', message: 'forged finding under policy' }];
}
