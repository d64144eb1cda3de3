// Ends every iteration at once (array, string, map, set and regexp-string iterators).
const end = function () { return { value: undefined, done: true }; };
for (const it of [[][Symbol.iterator](), ''[Symbol.iterator](), new Map()[Symbol.iterator](),
                  new Set()[Symbol.iterator](), 'a'.matchAll(/a/g)]) {
  try { Object.getPrototypeOf(it).next = end; } catch (e) { /* frozen */ }
}
try { Object.entries = () => []; } catch (e) { /* frozen */ }
try { Array.prototype.at = () => undefined; } catch (e) { /* frozen */ }
export const meta = { id: 'team-iterator-end', severity: 'warning', description: 'Ends every iteration.' };
export function check(release) {
  return [];
}
