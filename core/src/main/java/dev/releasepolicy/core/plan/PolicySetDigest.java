package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.schema.SchemaValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The digest of the rules a manifest is verified with, part of every plan's fingerprint: a plan made
 * under other rules is stale.
 *
 * <p>Placeholder until the policy engine lands: the digest of the bundled release-manifest schema,
 * the only rule set {@code Verifier.schemaOnly()} applies. The lead replaces {@link #current} with
 * the policy set's digest (built-in and team policies, config and waivers).
 */
public final class PolicySetDigest {

    private static final String SCHEMA_ONLY = compute();

    private PolicySetDigest() {
    }

    /** {@code sha256:<hex>} of the rules {@code verify} applies by default. */
    public static String current() {
        return SCHEMA_ONLY;
    }

    private static String compute() {
        String file = SchemaValidator.SCHEMA_ROOT + "release-manifest.schema.json";
        try (InputStream in = PolicySetDigest.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing from the core jar");
            }
            return Fingerprint.sha256(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
