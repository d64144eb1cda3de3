// Evaluated first in every policy context, before any policy module (the engine has one code path
// for the first context and every later one). It captures the built-ins it needs, then freezes every
// intrinsic reachable from the global object plus the hidden ones (iterator prototypes,
// %TypedArray%, %AsyncIteratorPrototype%, generator and async function prototypes), so that no
// module's code, not even its top level, can change what another module sees. Answers with the
// helpers the engine calls.
(() => {
  'use strict';
  const isArray = Array.isArray;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const freeze = Object.freeze;
  const isFrozen = Object.isFrozen;
  const getPrototypeOf = Object.getPrototypeOf;
  const ownKeys = Reflect.ownKeys;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const SEVERITIES = ['error', 'warning'];
  const ID = /^[a-z0-9][a-z0-9._\/-]*$/;
  // Output limits (EngineLimits), set once by the engine through limits() before any module loads.
  let maxFindings = 100;
  let maxText = 4000;
  let maxParams = 65536;

  const describe = (v) => {
    if (v === null) return 'null';
    if (isArray(v)) return 'an array';
    const t = typeof v;
    if (t === 'string') return 'the string ' + stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
    if (t === 'object') return 'an object';
    if (t === 'undefined') return 'undefined';
    return 'a ' + t + ' (' + String(v) + ')';
  };
  const deepFreeze = (k, v) => (typeof v === 'object' && v !== null) ? freeze(v) : v;
  // A text cut to the limit; counts the cut in the finding list's header.
  const cut = (text, out) => {
    if (text.length <= maxText) return text;
    out[1]++;
    return text.slice(0, maxText) + '…';
  };
  const helpers = {
    // The manifest (and ctx parts) as plain, deeply frozen JavaScript data.
    data(json) {
      return parse(json, deepFreeze);
    },
    // The manifest as plain JavaScript data, deeply frozen by a walk (no reviver calls).
    frozen(json) {
      const root = parse(json);
      const stack = [root];
      while (stack.length) {
        const o = stack.pop();
        freeze(o);
        for (const k in o) {
          const v = o[k];
          if (typeof v === 'object' && v !== null) stack.push(v);
        }
      }
      return root;
    },
    plain(json) {
      return parse(json);
    },
    // Reads and checks a module's meta: 'E:' + problem, or the normalized meta as JSON.
    meta(ns) {
      const m = ns.meta;
      if (m === null || typeof m !== 'object') {
        return 'E:the module does not export meta = {id, severity, description}';
      }
      if (typeof m.id !== 'string' || !ID.test(m.id)) {
        return 'E:meta.id is ' + describe(m.id) + ', not an id such as \'rollback-plan\' (lower case, digits, - . /)';
      }
      if (!SEVERITIES.includes(m.severity)) {
        return 'I:' + m.id + ':meta.severity is ' + describe(m.severity) + ', not \'error\' or \'warning\'';
      }
      if (typeof m.description !== 'string' || m.description.trim() === '') {
        return 'I:' + m.id + ':meta.description is ' + describe(m.description) + ', not a sentence';
      }
      if (m.params !== undefined && (m.params === null || typeof m.params !== 'object' || isArray(m.params))) {
        return 'I:' + m.id + ':meta.params is ' + describe(m.params) + ', not an object of default parameters';
      }
      if (typeof ns.check !== 'function') {
        return 'I:' + m.id + ':the module does not export a function check(release, ctx)';
      }
      if (m.description.length > maxText) {
        return 'I:' + m.id + ':meta.description has ' + m.description.length + ' characters; the limit is ' + maxText;
      }
      const params = stringify(m.params ?? {});
      if (params.length > maxParams) {
        return 'I:' + m.id + ':meta.params has ' + params.length + ' characters as JSON; the limit is ' + maxParams;
      }
      return stringify({ id: m.id, severity: m.severity, description: m.description, params: parse(params) });
    },
    // Calls check and flattens its findings into [returned, textsCut, path, message, hint, severity, ...]
    // (at most maxFindings of them, texts cut to maxText); a string answer describes a malformed result.
    call(check, release, base, params) {
      // now, today and window are getters, read from the host only when the policy reads them: the verify cache
      // keys a result on what the policies actually read of ctx (the clock, the window verdict).
      const ctx = {
        get now() { return base.now; },
        get today() { return base.today; },
        get window() { return base.window; },
        params,
      };
      const result = check(release, freeze(ctx));
      if (!isArray(result)) {
        return 'check() returned ' + describe(result) + ', not an array of findings';
      }
      const n = result.length < maxFindings ? result.length : maxFindings;
      const out = [result.length, 0];
      for (let i = 0; i < n; i++) {
        const f = result[i];
        if (f === null || typeof f !== 'object' || isArray(f)) {
          return 'finding [' + i + '] is ' + describe(f) + ', not an object {path, message, hint}';
        }
        const { path, message, hint, severity } = f;
        if (typeof message !== 'string' || message.trim() === '') {
          return 'finding [' + i + '] has message ' + describe(message) + ': a finding needs a message';
        }
        if (path !== undefined && (typeof path !== 'string' || (path !== '' && path[0] !== '/'))) {
          return 'finding [' + i + '] has path ' + describe(path) + ', not a JSON Pointer such as \'/spec/rollback\'';
        }
        if (hint !== undefined && typeof hint !== 'string') {
          return 'finding [' + i + '] has hint ' + describe(hint) + ', not a string';
        }
        if (severity !== undefined && !SEVERITIES.includes(severity)) {
          return 'finding [' + i + '] has severity ' + describe(severity) + ', not \'error\' or \'warning\'';
        }
        out.push(cut(path ?? '', out), cut(message, out), cut(hint ?? '', out), severity ?? '');
      }
      return out;
    },
    // Runs several policies in one call (one host-guest transition per manifest, not per policy),
    // telling the engine through mark(i) which one runs, so that a limit blames the right policy
    // and each policy gets the whole time and allocation budget.
    // Per policy: [0, n, ...the n values of call()] or [1] when it threw or returned garbage;
    // the engine then calls that policy alone to get the error and its location.
    runAll(checks, release, base, params, mark) {
      const out = [];
      for (let i = 0; i < checks.length; i++) {
        mark(i);
        let r;
        try {
          r = helpers.call(checks[i], release, base, params[i]);
        } catch (e) {
          out.push(1);
          continue;
        }
        if (typeof r === 'string') {
          out.push(1);
          continue;
        }
        out.push(0, r.length);
        for (let j = 0; j < r.length; j++) out.push(r[j]);
      }
      return out;
    },
    // A JavaScript array of the given values (for the engine's per-context lists).
    list(...values) {
      return values;
    },
    // Sets the output limits (once, before any module loads).
    limits(findings, text, paramsChars) {
      maxFindings = findings;
      maxText = text;
      maxParams = paramsChars;
    },
  };

  // Freezes every object reachable from the global object and the hidden intrinsics: own property
  // values, getters and setters, and prototypes. Runs before any module code, in every context.
  const hidden = () => {
    const list = [];
    const add = (make) => {
      try {
        list.push(make());
      } catch (e) {
        // an intrinsic this engine version lacks
      }
    };
    add(() => getPrototypeOf([][Symbol.iterator]()));
    add(() => getPrototypeOf(''[Symbol.iterator]()));
    add(() => getPrototypeOf(new Map()[Symbol.iterator]()));
    add(() => getPrototypeOf(new Set()[Symbol.iterator]()));
    add(() => getPrototypeOf('a'.matchAll(/a/g)));
    add(() => getPrototypeOf(getPrototypeOf([][Symbol.iterator]())));
    add(() => getPrototypeOf(Int8Array));
    add(() => function* () {});
    add(() => async function () {});
    add(() => async function* () {});
    add(() => (async function* () {}).prototype);
    add(() => getPrototypeOf(getPrototypeOf((async function* () {}).prototype)));
    add(() => getPrototypeOf(getPrototypeOf(getPrototypeOf((async function* () {}).prototype))));
    add(() => getPrototypeOf(new Intl.Segmenter().segment('a')));
    add(() => getPrototypeOf(new Intl.Segmenter().segment('a')[Symbol.iterator]()));
    add(() => getOwnPropertyDescriptor(Function.prototype, 'caller').get);
    add(() => (function () { return arguments; })());
    return list;
  };
  const harden = (roots) => {
    const stack = roots.slice();
    const seen = new Set();
    while (stack.length) {
      const o = stack.pop();
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
      seen.add(o);
      freeze(o);
      stack.push(getPrototypeOf(o));
      for (const key of ownKeys(o)) {
        const d = getOwnPropertyDescriptor(o, key);
        if (d === undefined) continue;
        if ('value' in d) stack.push(d.value);
        if (d.get) stack.push(d.get);
        if (d.set) stack.push(d.set);
      }
    }
    return seen;
  };
  harden([globalThis, helpers, ...hidden()]);
  return helpers;
})();
