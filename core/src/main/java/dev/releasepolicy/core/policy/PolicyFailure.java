package dev.releasepolicy.core.policy;

/**
 * Why a policy produced no usable result: it did not load (syntax error, bad {@code meta}), threw,
 * ran too long, allocated too much, or returned something that is not a list of findings.
 *
 * @param policyId the policy's id, or its file name when {@code meta} is unreadable
 * @param file     the policy file
 * @param line     1-based line in the policy file (0 when unknown)
 * @param column   1-based column (0 when unknown)
 * @param message  what went wrong
 * @param hint     how to fix it
 * @param console  what the policy printed with {@code console.log} during the failing call (may be empty)
 */
public record PolicyFailure(
        String policyId, String file, int line, int column, String message, String hint, String console) {}
