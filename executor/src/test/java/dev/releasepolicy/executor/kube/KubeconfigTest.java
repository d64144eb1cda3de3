package dev.releasepolicy.executor.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.options.UsageException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubeconfig handling as kubectl does it: where it is found, unknown contexts, the context's namespace. */
class KubeconfigTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private UnaryOperator<String> env() {
        return env::get;
    }

    private Path kubeconfig(String name, String current, String... contexts) throws IOException {
        StringBuilder y = new StringBuilder("""
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "http://127.0.0.1:1"}
                users:
                - name: u
                  user: {token: t}
                contexts:
                """);
        for (String c : contexts) {
            String[] parts = c.split("/");
            y.append("- name: ")
                    .append(parts[0])
                    .append("\n  context: {cluster: c, user: u")
                    .append(parts.length > 1 ? ", namespace: " + parts[1] : "")
                    .append("}\n");
        }
        y.append("current-context: ").append(current).append('\n');
        Path f = dir.resolve(name);
        Files.writeString(f, y);
        return f;
    }

    @Test
    void noKubeconfigAnywhere_saysSoAndWhereItLooked() {
        env.put("HOME", dir.toString());

        assertThatThrownBy(() -> KubeClients.config(Optional.empty(), Optional.empty(), env()))
                .isInstanceOf(UsageException.class)
                .hasMessage("no kubeconfig found: $KUBECONFIG is not set and ~/.kube/config does not exist;"
                        + " pass --kubeconfig FILE or set $KUBECONFIG (or run inside the cluster)");
        env.put("KUBECONFIG", dir.resolve("gone").toString());
        assertThatThrownBy(() -> KubeClients.config(Optional.empty(), Optional.of("prod"), env()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no kubeconfig found")
                .hasMessageContaining("$KUBECONFIG names " + dir.resolve("gone"));
    }

    @Test
    void insideACluster_noKubeconfigIsNeeded() {
        env.put("HOME", dir.toString());
        env.put("KUBERNETES_SERVICE_HOST", "10.0.0.1");

        assertThat(KubeClients.config(Optional.empty(), Optional.empty(), env()))
                .isNotNull();
    }

    @Test
    void unknownContext_listsTheContextsThereAre() throws IOException {
        Path f = kubeconfig("config", "dev", "dev/team-a", "prod/shop");

        assertThatThrownBy(() -> KubeClients.config(Optional.of(f), Optional.of("staging"), env()))
                .isInstanceOf(UsageException.class)
                .hasMessage("--context staging: no context of that name in kubeconfig " + f
                        + "; its contexts are dev, prod (current: dev) (kubectl config get-contexts lists them)");
        assertThat(KubeClients.config(Optional.of(f), Optional.of("prod"), env())
                        .getNamespace())
                .isEqualTo("shop");
    }

    @Test
    void namespace_isTheFlag_elseTheContexts_elseDefault() throws IOException {
        Path f = kubeconfig("config", "dev", "dev/team-a", "prod/shop", "bare");

        assertThat(KubeClients.namespace(Optional.of("x"), Optional.of(f), Optional.empty(), env()))
                .isEqualTo("x");
        assertThat(KubeClients.namespace(Optional.empty(), Optional.of(f), Optional.empty(), env()))
                .isEqualTo("team-a");
        assertThat(KubeClients.namespace(Optional.empty(), Optional.of(f), Optional.of("prod"), env()))
                .isEqualTo("shop");
        assertThat(KubeClients.namespace(Optional.empty(), Optional.of(f), Optional.of("bare"), env()))
                .isEqualTo("default");
        env.put("HOME", dir.resolve("nohome").toString());
        assertThat(KubeClients.namespace(Optional.empty(), Optional.empty(), Optional.empty(), env()))
                .isEqualTo("default");
    }

    @Test
    void kubeconfigVariable_firstFileToSetAValueWins_andMissingFilesAreSkipped() throws IOException {
        Path a = kubeconfig("a", "prod", "prod/shop");
        Path b = kubeconfig("b", "dev", "dev/team-a", "prod/other");
        env.put(
                "KUBECONFIG",
                String.join(File.pathSeparator, dir.resolve("missing").toString(), a.toString(), b.toString()));

        Kubeconfig k = Kubeconfig.find(Optional.empty(), env()).orElseThrow();

        assertThat(k.files()).containsExactly(a, b);
        assertThat(k.current()).contains("prod");
        assertThat(k.namespace(Optional.empty())).contains("shop");
        assertThat(k.namespace(Optional.of("dev"))).contains("team-a");
    }
}
