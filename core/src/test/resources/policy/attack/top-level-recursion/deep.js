export const meta = { id: 'team-top-recursion', severity: 'error', description: 'Recurses at its top level.' };
function down(n) { return down(n + 1) + 1; }
down(0);
export function check(release) {
  return [];
}
