// Reports every intrinsic that is not frozen, as seen by module top-level code and by check().
const intrinsics = () => {
  const TypedArray = Object.getPrototypeOf(Int8Array);
  const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}.prototype));
  const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  return {
    globalThis, Object, 'Object.prototype': Object.prototype, 'Function.prototype': Function.prototype,
    'Array.prototype': Array.prototype, Reflect, Proxy, JSON, Math, Promise, 'Promise.prototype': Promise.prototype,
    ArrayIteratorPrototype: Object.getPrototypeOf([][Symbol.iterator]()),
    StringIteratorPrototype: Object.getPrototypeOf(''[Symbol.iterator]()),
    MapIteratorPrototype: Object.getPrototypeOf(new Map()[Symbol.iterator]()),
    SetIteratorPrototype: Object.getPrototypeOf(new Set()[Symbol.iterator]()),
    RegExpStringIteratorPrototype: Object.getPrototypeOf('a'.matchAll(/a/g)),
    IteratorPrototype, AsyncIteratorPrototype, TypedArray, 'TypedArray.prototype': TypedArray.prototype,
    'Int8Array.prototype': Int8Array.prototype,
    GeneratorFunction: Object.getPrototypeOf(function* () {}),
    GeneratorPrototype: Object.getPrototypeOf(function* () {}).prototype,
    AsyncFunction: Object.getPrototypeOf(async function () {}),
    AsyncGeneratorFunction: Object.getPrototypeOf(async function* () {}),
    'RegExp.prototype': RegExp.prototype, 'String.prototype': String.prototype, 'Map.prototype': Map.prototype,
    'Set.prototype': Set.prototype, 'Error.prototype': Error.prototype, 'Symbol.prototype': Symbol.prototype,
  };
};
const unfrozen = () => Object.entries(intrinsics()).filter(([, v]) => !Object.isFrozen(v)).map(([k]) => k);
const atLoad = unfrozen();
export const meta = { id: 'team-probe', severity: 'error', description: 'Reports unfrozen intrinsics.' };
export function check(release) {
  const now = unfrozen();
  const out = [];
  if (atLoad.length) out.push({ message: 'unfrozen at load: ' + atLoad.join(', ') });
  if (now.length) out.push({ message: 'unfrozen at check: ' + now.join(', ') });
  return out;
}
