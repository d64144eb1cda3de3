// Turns the manifest views into strings: no Java class names may come out.
export const meta = { id: 'team-names', severity: 'warning', description: 'Prints the manifest.' };
export function check(release) {
  return [{ path: '/spec', message: 'spec is ' + release.spec + '; notifications are ' + release.spec.notifications }];
}
