export const meta = { id: 'owner-label', severity: 'warning', description: 'A release names its owning team.' };
export function check(release) {
  return release.metadata.labels?.team ? [] : [{ path: '/metadata', message: 'metadata.labels.team is missing', hint: 'add metadata.labels.team' }];
}
