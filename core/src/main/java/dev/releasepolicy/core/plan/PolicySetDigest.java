package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.policy.PolicyCheck;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.policy.PolicyFile;
import dev.releasepolicy.core.schema.SchemaValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The digest of the rules a manifest is verified with, part of every plan's fingerprint: a plan made
 * under other rules is stale. It covers the bundled release-manifest schema, every policy file
 * (built-in and team, by name and text), the configuration file's bytes (rules, parameters,
 * waivers, templates) and the bytes of every file it includes (more templates).
 */
public final class PolicySetDigest {

    private static final byte[] SCHEMA = readSchema();
    private static volatile String builtinOnly;

    private PolicySetDigest() {}

    /** {@code sha256:<hex>} of the default rules: the schema and the built-in policies, no configuration. */
    public static String current() {
        String d = builtinOnly;
        if (d == null) {
            d = of(PolicyCheck.files(List.of(), PolicyConfig.NONE), PolicyConfig.NONE);
            builtinOnly = d;
        }
        return d;
    }

    /** {@code sha256:<hex>} of the schema, the given policy files and the configuration. */
    public static String of(List<PolicyFile> files, PolicyConfig config) {
        StringBuilder b = new StringBuilder();
        b.append("schema ").append(Fingerprint.sha256(SCHEMA)).append('\n');
        files.stream()
                .map(f -> new PolicyFile(normalized(f.displayName()), f.text()))
                .sorted(Comparator.comparing(PolicyFile::displayName))
                .forEach(f -> b.append("policy ")
                        .append(f.displayName())
                        .append(' ')
                        .append(Fingerprint.sha256(f.text()))
                        .append('\n'));
        if (!config.file().isEmpty()) {
            b.append("config ").append(fileDigest(config.file())).append('\n');
        }
        // by name and bytes in the order read: which file a template comes from is part of its findings
        for (String included : config.includes()) {
            b.append("include ")
                    .append(besideConfig(config.file(), included))
                    .append(' ')
                    .append(fileDigest(included))
                    .append('\n');
        }
        return Fingerprint.sha256(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An included file's name relative to the configuration's folder: {@code apply} recomputes the digest,
     * maybe from another working directory or with the configuration named otherwise, and the same files
     * must give the same digest.
     */
    private static String besideConfig(String config, String included) {
        try {
            Path folder = Path.of(config).toAbsolutePath().normalize().getParent();
            Path file = Path.of(included).toAbsolutePath().normalize();
            return (folder == null ? file : folder.relativize(file)).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) { // an invalid path, or a folder on another drive
            return normalized(included);
        }
    }

    private static String fileDigest(String file) {
        try {
            return Fingerprint.sha256(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The same folder written differently ({@code ./team/x.js}, {@code team//x.js}) names the same policy. */
    private static String normalized(String displayName) {
        try {
            return Path.of(displayName).normalize().toString().replace('\\', '/');
        } catch (java.nio.file.InvalidPathException e) {
            return displayName;
        }
    }

    private static byte[] readSchema() {
        String file = SchemaValidator.SCHEMA_ROOT + "release-manifest.schema.json";
        try (InputStream in = PolicySetDigest.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing from the core jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
