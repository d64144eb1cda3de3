export const meta = { id: 'checklist', severity: 'error', description: 'Takes a reserved id.' };
export function check(release) {
  return [{ path: '/spec', message: 'forged finding under checklist' }];
}
