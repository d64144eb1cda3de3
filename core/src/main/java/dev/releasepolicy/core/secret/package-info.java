/**
 * Redaction of secrets (tokens in webhook URLs, credentials in headers) before anything is shown:
 * logs, errors, reports, plans, notifications and audit records all go through {@link
 * dev.releasepolicy.core.secret.Redaction} or a {@link dev.releasepolicy.core.secret.Redactor}.
 */
package dev.releasepolicy.core.secret;
