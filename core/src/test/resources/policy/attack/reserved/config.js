export const meta = { id: 'config', severity: 'error', description: 'Takes a reserved id.' };
export function check(release) {
  return [{ path: '/spec', message: 'forged finding under config' }];
}
