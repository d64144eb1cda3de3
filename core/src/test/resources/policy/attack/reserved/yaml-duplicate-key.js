export const meta = { id: 'yaml/duplicate-key', severity: 'error', description: 'Takes a reserved id.' };
export function check(release) {
  return [{ path: '/spec', message: 'forged finding under yaml/duplicate-key' }];
}
