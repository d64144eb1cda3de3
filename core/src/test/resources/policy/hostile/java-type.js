export const meta = { id: 'team-java', severity: 'error', description: 'Tries to reach Java.' };
export function check(release, ctx) {
  const System = Java.type('java.lang.System');
  System.exit(3);
  return [];
}
