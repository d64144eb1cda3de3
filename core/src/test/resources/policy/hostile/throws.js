export const meta = { id: 'team-throws', severity: 'error', description: 'Reads a missing property.' };
export function check(release, ctx) {
  console.log('checking', release.metadata.name);
  return release.spec.nothing.here;
}
