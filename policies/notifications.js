// notifications: people are told when a release starts and when it finishes (successfully or not).
export const meta = {
  id: 'notifications',
  severity: 'error',
  description: 'Someone is notified when the release starts and when it finishes (success and failure).',
  params: { start: ['Started'], finish: [['Succeeded'], ['Failed', 'RolledBack']] },
};

export function check(release, ctx) {
  const list = release.spec?.notifications;
  if (!list || list.length === 0) {
    return [{
      path: list ? '/spec/notifications' : '/spec',
      message: 'nobody is notified about this release (spec.notifications is missing)',
      hint: 'add spec.notifications: [{webhook: https://hooks.example.com/releases, events: [Started, Succeeded, Failed, RolledBack]}]',
    }];
  }
  const events = new Set(list.flatMap((n) => n.events ?? []));
  const findings = [];
  const missingStart = (ctx.params.start ?? []).filter((e) => !events.has(e));
  if (missingStart.length) {
    findings.push({
      path: '/spec/notifications',
      message: `nobody is told when the release starts (no webhook gets ${missingStart.join(', ')})`,
      hint: `add ${missingStart.join(', ')} to the events of a notification`,
    });
  }
  for (const group of ctx.params.finish ?? []) {
    if (!group.some((e) => events.has(e))) {
      findings.push({
        path: '/spec/notifications',
        message: `nobody is told when the release finishes with ${group.join(' or ')}`,
        hint: `add ${group[0]} to the events of a notification`,
      });
    }
  }
  return findings;
}
