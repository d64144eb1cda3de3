package dev.releasepolicy.executor.analysis;

import java.math.BigDecimal;
import java.math.MathContext;

/** Shows measured values to people: four significant digits, no exponent, no float noise. */
final class Numbers {

    private Numbers() {}

    static String show(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
