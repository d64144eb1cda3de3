package dev.releasepolicy.core.report;

import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;

/** Renders a {@link VerifyReport} in one output format. One implementation per format. */
public interface ReportWriter {

    /** The format's name as given to {@code --format}. */
    String name();

    /** Writes the whole report, including the closing summary where the format has one. */
    void write(VerifyReport report, Appendable out) throws IOException;
}
