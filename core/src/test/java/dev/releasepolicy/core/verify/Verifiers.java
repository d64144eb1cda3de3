package dev.releasepolicy.core.verify;

import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.policy.PolicyCheck;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.policy.WindowContext;
import dev.releasepolicy.core.schema.SchemaValidator;
import java.util.List;

/** The verifier the example tests use: every stage that {@code verify} runs by default. */
final class Verifiers {

    /** Shared for the whole test run (the JVM exit releases its contexts). */
    private static final PolicyCheck POLICIES =
            PolicyCheck.create(List.of(), PolicyConfig.NONE, WindowContext.EVALUATED);

    private Verifiers() {}

    static Verifier forExamples() {
        SchemaValidator schema = SchemaValidator.releaseManifest();
        return new Verifier(new ManifestLoader(), List.of((m, earlier, ctx) -> schema.validate(m), POLICIES));
    }
}
