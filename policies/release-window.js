// release-window: a release starts inside an allow window, outside every deny (freeze) window, and
// the window definition is sane. The window arithmetic (time zones, overnight ranges, daylight-saving
// changes) is done in Java and handed over as ctx.window; this policy turns it into findings.
export const meta = {
  id: 'release-window',
  severity: 'error',
  description: 'The release starts inside an allow window, outside every freeze, and can finish before the window closes.',
  params: { requireWindow: true },
};

export function check(release, ctx) {
  const spec = release.spec ?? {};
  const findings = [];
  if (!spec.window) {
    if (ctx.params.requireWindow) {
      findings.push({
        path: '/spec',
        message: 'spec.window is missing: no release window is set',
        hint: 'add spec.window with a timezone and at least one allow range, e.g. {timezone: Europe/Berlin, allow: [{days: [Tue, Wed], from: "22:00", to: "02:00"}]}',
      });
    }
    return findings;
  }
  const w = ctx.window ?? {};
  if (w.valid === undefined) {
    return findings; // no window engine: nothing to judge
  }
  if (w.valid === false) {
    for (const p of w.problems ?? []) {
      findings.push({ path: p.path ?? '/spec/window', message: p.message, hint: p.hint ?? '' });
    }
    return findings;
  }
  // The texts below are made only for a finding: a field of ctx.window that is read decides how long a
  // cached result holds (the verify cache), and the next opening or first fitting start moves with the clock.
  const next = () => w.nextOpening
    ? `the next window opens ${w.nextOpeningLocal || w.nextOpening} (${w.nextOpening})`
    : 'no allow window opens in the coming year';
  // A hint names a start that works: the first opening long enough for the release (fitsFrom),
  // not merely the next one, which may be too short as well.
  // A ctx.window without fitsFrom (a fixed window of a test case, an older engine) falls back to the
  // next opening; fitsFrom null means no opening within the horizon is long enough.
  // (When open, the next opening is now, the very start that fails: no fallback then.)
  const startOf = () => {
    const known = w.fitsFrom !== undefined;
    const start = known ? w.fitsFrom : (w.open ? null : w.nextOpening ?? null);
    const startLocal = known ? w.fitsFromLocal : w.nextOpeningLocal;
    return {
      start,
      tooShort: known && w.fitsFrom === null ? ': no opening in the coming year is long enough' : '',
      text: start ? `${startLocal || start}, that is --now ${start}` : null,
    };
  };
  const needs = () => w.minimumDuration ? `the release needs at least ${w.minimumDuration}` : 'the release needs more time than is left';
  if (w.frozen) {
    const { start, text } = startOf();
    findings.push({
      path: '/spec/window/deny',
      message: `the release would start during a freeze (${w.frozen.reason || 'deny window'}) until ${w.frozen.until}: ${next()}`,
      hint: start ? `start at or after ${text}, or change spec.window.deny`
        : 'change spec.window.deny or spec.window.allow',
    });
  } else if (w.open === false) {
    const { start, text, tooShort } = startOf();
    findings.push({
      path: '/spec/window/allow',
      // "now", not the instant itself: a finding that quotes ctx.now would make the verify cache check the
      // manifest again at every other second, while the verdict (closed, next opening) holds for hours.
      message: `the release window is closed now${w.reason ? ' (' + w.reason + ')' : ''}: ${next()}`,
      hint: start ? `start at or after ${text}, or widen spec.window.allow`
        : `widen spec.window.allow or shorten the pauses and analyses${tooShort}`,
    });
  } else if (w.open === true && w.canFinish === false) {
    const { start, text, tooShort } = startOf();
    findings.push({
      path: '/spec/window/allow',
      message: `${needs()} but the window closes at ${w.closesAt}: it cannot finish inside the window`,
      hint: start ? `start at or after ${text}, shorten the pauses and analyses, or widen spec.window.allow`
        : `shorten the pauses and analyses, or widen spec.window.allow${tooShort}`,
    });
  }
  return findings;
}
