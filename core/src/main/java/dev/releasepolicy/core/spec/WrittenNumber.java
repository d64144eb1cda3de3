package dev.releasepolicy.core.spec;

import java.math.BigDecimal;

/**
 * A number of the manifest, such as a threshold: its exact value, and whether it was written as a
 * whole number ({@code 1}) or with a fraction or exponent ({@code 1.0}, {@code 0.01}), so a plan that
 * copies it shows it the way the manifest reads.
 *
 * @param value exact value
 * @param whole true when written as a whole number
 */
public record WrittenNumber(BigDecimal value, boolean whole) {}
