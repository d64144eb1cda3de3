// Recursion that catches its own stack overflow and goes on: exponential, never ends by itself.
export const meta = { id: 'team-swallow', severity: 'error', description: 'Swallows stack overflows.' };
function f() {
  try { f(); } catch (e) { f(); }
}
export function check(release) {
  f();
  return [];
}
