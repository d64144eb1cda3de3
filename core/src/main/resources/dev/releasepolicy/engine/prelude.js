// Evaluated once in every policy context, before the policy modules. It captures the built-ins it
// needs, then freezes the shared built-ins so that one policy cannot change what another one sees
// (policies of one manifest share a context). Answers with the helpers the engine calls.
(() => {
  'use strict';
  const isArray = Array.isArray;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const freeze = Object.freeze;
  const SEVERITIES = ['error', 'warning'];
  const ID = /^[a-z0-9][a-z0-9._\/-]*$/;

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
      return stringify({ id: m.id, severity: m.severity, description: m.description, params: m.params ?? {} });
    },
    // Calls check and flattens its findings into [path, message, hint, severity, ...];
    // a string answer describes a malformed result.
    call(check, release, base, params) {
      const result = check(release, freeze({ now: base.now, window: base.window, params }));
      if (!isArray(result)) {
        return 'check() returned ' + describe(result) + ', not an array of findings';
      }
      const out = [];
      for (let i = 0; i < result.length; i++) {
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
        out.push(path ?? '', message, hint ?? '', severity ?? '');
      }
      return out;
    },
    // Runs several policies in one call (one host-guest transition per manifest, not per policy).
    // Per policy: [0, n, ...n findings of 4 strings] or [1] when it threw or returned garbage;
    // the engine then calls that policy alone to get the error and its location.
    runAll(checks, release, base, params) {
      const out = [];
      for (let i = 0; i < checks.length; i++) {
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
        out.push(0, r.length / 4);
        for (let j = 0; j < r.length; j++) out.push(r[j]);
      }
      return out;
    },
    // A JavaScript array of the given values (for the engine's per-context lists).
    list(...values) {
      return values;
    },
    // Freezes the built-ins once the helpers hold what they need.
    lockdown() {
      const names = Object.getOwnPropertyNames(globalThis);
      for (const name of names) {
        const v = globalThis[name];
        if ((typeof v === 'function' || typeof v === 'object') && v !== null && v !== globalThis) {
          freeze(v);
          if (typeof v === 'function' && v.prototype) freeze(v.prototype);
        }
      }
      freeze(Object.getPrototypeOf(function* () {}));
      freeze(Object.getPrototypeOf(async function () {}));
      freeze(globalThis);
    },
  };
  return freeze(helpers);
})();
