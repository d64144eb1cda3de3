// The Node.js peer of bench/verify-bench.sh: the same work as `release-policy verify` on a folder of
// release manifests, in plain Node.js, so that both can be timed on one machine in one run.
//
// Per manifest: js-yaml parses it, ajv checks it against schemas/release-manifest.schema.json, and
// every built-in policy named in policies/builtin.list runs on it. The policies are the repository's
// own files, loaded unchanged as ES modules; ctx is {now, today, params, window}: params are each policy's
// meta.params defaults (the corpus has no .release-policy.yaml), and window is computed here by a
// compact port of the Java window engine (weekly allow ranges, overnight ranges, freezes, the minimum
// release duration). It prints one summary line:
//   node-peer: N manifests, F failing (E errors, W warnings)
// A manifest fails when it has a YAML or schema error or an error finding, as in verify.
//
//   node bench/node-peer/verify.mjs --now 2026-12-01T15:00:00Z DIR
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import Ajv2020 from 'ajv/dist/2020.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
let now = new Date().toISOString();
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--now') {
    now = args[++i];
  } else {
    dirs.push(args[i]);
  }
}
const today = new Date(Date.parse(now)).toISOString().slice(0, 10);

function manifests(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      manifests(p, out);
    } else if (e.name.endsWith('.yaml') || e.name.endsWith('.yml')) {
      out.push(p);
    }
  }
  return out;
}

const schema = JSON.parse(readFileSync(join(root, 'schemas', 'release-manifest.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

const policies = [];
for (const name of readFileSync(join(root, 'policies', 'builtin.list'), 'utf8').split('\n')) {
  if (name.trim() === '' || name.startsWith('#')) {
    continue;
  }
  const source = readFileSync(join(root, 'policies', name.trim()), 'utf8');
  const module = await import('data:text/javascript;base64,' + Buffer.from(source).toString('base64'));
  policies.push(module);
}

// --- the window engine, ported compactly from core/window (WindowEvaluator, ReleaseDuration) ---
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map();

function local(instantMs, zone) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit',
    });
    formatters.set(zone, f);
  }
  const parts = {};
  for (const p of f.formatToParts(new Date(instantMs))) {
    parts[p.type] = p.value;
  }
  return {
    day: DAYS.indexOf(parts.weekday), minute: Number(parts.hour) * 60 + Number(parts.minute),
    text: `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`,
  };
}

function seconds(text) {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(String(text ?? ''));
  return m ? ((+(m[1] ?? 0) * 24 + +(m[2] ?? 0)) * 60 + +(m[3] ?? 0)) * 60 + +(m[4] ?? 0) : 0;
}

function formatDuration(s) {
  const d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60, r = s % 60;
  const t = (d ? d + 'd' : '') + (h ? h + 'h' : '') + (m ? m + 'm' : '') + (r ? r + 's' : '');
  return t || '0s';
}

function minimumSeconds(spec) {
  let total = seconds(spec.healthCheck?.initialDelay);
  const st = spec.strategy ?? {};
  const key = { Canary: 'canary', BlueGreen: 'blueGreen', Rolling: 'rolling' }[st.type]
    ?? (st.canary ? 'canary' : 'blueGreen');
  for (const step of st[key]?.steps ?? []) {
    if (step?.pause?.duration) {
      total += seconds(step.pause.duration);
    }
    if (step?.analysis?.duration) {
      total += seconds(step.analysis.duration);
    }
  }
  return total;
}

function hhmm(t) {
  const [h, m] = t.split(':');
  return Number(h) * 60 + Number(m);
}

// Minutes from the local time until the allow range that contains it closes, or -1 when none does.
function minutesToClose(allow, at) {
  let best = -1;
  for (const r of allow ?? []) {
    const from = hhmm(r.from), to = hhmm(r.to);
    const prev = DAYS[(at.day + 6) % 7], today = DAYS[at.day];
    let left = -1;
    if (from < to) {
      if (r.days.includes(today) && at.minute >= from && at.minute < to) left = to - at.minute;
    } else if (r.days.includes(today) && at.minute >= from) {
      left = 1440 - at.minute + to;
    } else if (r.days.includes(prev) && at.minute < to) {
      left = to - at.minute;
    }
    best = Math.max(best, left);
  }
  return best;
}

function evaluateWindow(spec, nowText) {
  const w = spec.window;
  if (!w) {
    return {};
  }
  const nowMs = Date.parse(nowText);
  const at = local(nowMs, w.timezone);
  const minimum = minimumSeconds(spec);
  const result = { valid: true, problems: [], minimumDuration: formatDuration(minimum), frozen: null };
  for (const d of w.deny ?? []) {
    if (d.from <= at.text && at.text < d.to) {
      result.frozen = { reason: d.reason ?? '', until: d.to };
    }
  }
  const left = minutesToClose(w.allow, at);
  result.open = left >= 0 && !result.frozen;
  if (left >= 0) {
    result.closesAt = new Date(nowMs + left * 60000).toISOString().replace('.000', '');
    result.canFinish = minimum <= left * 60;
  }
  // the first minute (within a week) at which an allow range opens and the release fits
  let fits = null, next = null;
  // (only asked when the release cannot start now: the scan is minute by minute)
  const scan = !result.open || result.canFinish === false;
  for (let m = 1; scan && m <= 7 * 1440 && (fits === null || next === null); m++) {
    const t = nowMs + m * 60000;
    const l = local(t, w.timezone);
    if (minutesToClose(w.allow, l) >= 0 && minutesToClose(w.allow, local(t - 60000, w.timezone)) < 0) {
      next ??= new Date(t).toISOString();
      if (minutesToClose(w.allow, l) * 60 >= minimum) fits ??= new Date(t).toISOString();
    }
  }
  result.nextOpening = result.open ? nowText : next;
  result.fitsFrom = fits;
  return result;
}

// --- the run ---
let files = [];
for (const d of dirs) {
  files = manifests(d, files);
}
files.sort();
let failing = 0, errors = 0, warnings = 0;
for (const file of files) {
  let release;
  try {
    release = yaml.load(readFileSync(file, 'utf8'));
  } catch (e) {
    failing++;
    errors++;
    continue;
  }
  if (!validate(release)) {
    failing++;
    errors += validate.errors.length;
    continue;
  }
  const window = evaluateWindow(release.spec ?? {}, now);
  let failed = false;
  for (const p of policies) {
    const ctx = { now, today, params: p.meta.params ?? {}, window };
    for (const f of p.check(release, ctx)) {
      if ((f.severity ?? p.meta.severity) === 'error') {
        errors++;
        failed = true;
      } else {
        warnings++;
      }
    }
  }
  failing += failed ? 1 : 0;
}
console.log(`node-peer: ${files.length} manifests, ${failing} failing (${errors} errors, ${warnings} warnings)`);
