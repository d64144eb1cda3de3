/**
 * Release notifications: webhooks told about Started, StepCompleted, Paused, Succeeded, Failed and
 * RolledBack, with retries; a failed delivery is returned (and audited by the caller), never thrown,
 * and no token from a URL or header is ever shown.
 */
package dev.releasepolicy.executor.notify;
