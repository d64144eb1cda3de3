package dev.releasepolicy.core.bench;

import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.policy.PolicyCheck;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.policy.WindowContext;
import dev.releasepolicy.core.schema.SchemaValidator;
import dev.releasepolicy.core.verify.VerifyContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * In-process cost of each stage over a corpus (made by bench/CorpusGenerator.java): loading, schema,
 * policies, single-threaded, several rounds so warm-up and steady state show separately; then the
 * per-policy profile. {@code PolicyBench DIR [ROUNDS]}.
 */
public final class PolicyBench {

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of this thread: on a shared machine wall time says more about the neighbours than about us. */
    static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        ManifestLoader loader = new ManifestLoader();
        SchemaValidator schema = SchemaValidator.releaseManifest();
        VerifyContext ctx = new VerifyContext(Instant.parse("2026-12-01T15:00:00Z"));
        long t0 = cpu();
        try (PolicyCheck policies =
                PolicyCheck.create(List.of(), PolicyConfig.NONE, WindowContext.NONE, Boolean.getBoolean("profile"))) {
            System.out.printf("engine + policies loaded (CPU): %.0f ms%n", (cpu() - t0) / 1e6);
            for (int r = 0; r < rounds; r++) {
                long load = 0;
                long sch = 0;
                long pol = 0;
                List<Manifest> ms = new ArrayList<>();
                for (Path f : files) {
                    long a = cpu();
                    LoadedFile lf = loader.load(f, f.toString());
                    long b = cpu();
                    Manifest m = lf.manifests().get(0);
                    var found = schema.validate(m);
                    long c = cpu();
                    policies.check(m, found, ctx);
                    long d = cpu();
                    load += b - a;
                    sch += c - b;
                    pol += d - c;
                    ms.add(m);
                }
                System.out.printf(
                        "round %d over %d manifests (CPU): load %.0f ms, schema %.0f ms, policies %.0f ms%n",
                        r + 1, files.size(), load / 1e6, sch / 1e6, pol / 1e6);
            }
            policies.profile().lines().forEach(System.out::println);
        }
    }
}
