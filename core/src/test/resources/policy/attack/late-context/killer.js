// Loops on manifests named 'kill-me', so that its context is killed and a new one is made.
export const meta = { id: 'team-killer', severity: 'warning', description: 'Loops on one manifest.' };
export function check(release) {
  if (release.metadata.name === 'kill-me') { for (;;) {} }
  return [];
}
