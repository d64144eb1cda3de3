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
  const next = w.nextOpening
    ? `the next window opens ${w.nextOpeningLocal || w.nextOpening} (${w.nextOpening})`
    : 'no allow window opens in the coming year';
  if (w.frozen) {
    findings.push({
      path: '/spec/window/deny',
      message: `the release would start during a freeze (${w.frozen.reason || 'deny window'}) until ${w.frozen.until}: ${next}`,
      hint: w.nextOpening ? `start at or after ${w.nextOpening} (--now ${w.nextOpening} to check), or change spec.window.deny`
        : 'change spec.window.deny or spec.window.allow',
    });
  } else if (w.open === false) {
    findings.push({
      path: '/spec/window/allow',
      message: `the release window is closed at ${ctx.now}${w.reason ? ' (' + w.reason + ')' : ''}: ${next}`,
      hint: w.nextOpening ? `start at or after ${w.nextOpening}, or widen spec.window.allow`
        : 'add an allow range to spec.window.allow',
    });
  } else if (w.open === true && w.canFinish === false) {
    findings.push({
      path: '/spec/window/allow',
      message: `the release needs at least ${w.minimumDuration} but the window closes at ${w.closesAt}: it cannot finish inside the window`,
      hint: w.nextOpening ? `start when the window opens (${w.nextOpening}), shorten the pauses and analyses, or widen spec.window.allow`
        : 'shorten the pauses and analyses, or widen spec.window.allow',
    });
  }
  return findings;
}
