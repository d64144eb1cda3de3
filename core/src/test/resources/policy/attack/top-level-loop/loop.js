export const meta = { id: 'team-top-loop', severity: 'error', description: 'Loops at its top level.' };
let n = 0;
while (true) { n++; }
export function check(release) {
  return [];
}
