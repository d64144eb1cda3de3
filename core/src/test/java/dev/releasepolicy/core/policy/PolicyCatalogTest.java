package dev.releasepolicy.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PolicyCatalogTest {

    /** The top-level policies/ folder, whose files the core jar packages. */
    private static final Path POLICIES = Path.of("..", "policies");

    @Test
    void builtinList_namesEveryPolicyFileOfTheFolder() throws IOException {
        List<String> onDisk;
        try (Stream<Path> s = Files.list(POLICIES)) {
            onDisk = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".js") || n.endsWith(".mjs"))
                    .sorted()
                    .toList();
        }
        List<String> listed = PolicyCatalog.builtin().stream()
                .map(f -> f.displayName().substring("policies/".length()))
                .sorted()
                .toList();
        assertThat(listed)
                .as(
                        "policies/%s must name every policy file of policies/ (add new policies to it)",
                        PolicyCatalog.BUILTIN_LIST)
                .isEqualTo(onDisk);
    }

    @Test
    void builtin_readsTheFilesThemselves() throws IOException {
        for (PolicyFile f : PolicyCatalog.builtin()) {
            assertThat(f.text())
                    .isEqualTo(Files.readString(POLICIES.resolve(f.displayName().substring(9))));
        }
    }
}
