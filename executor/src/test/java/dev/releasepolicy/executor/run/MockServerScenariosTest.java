package dev.releasepolicy.executor.run;

import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.testing.MockApi;
import org.junit.jupiter.api.AutoClose;

/** {@link ExecutorScenarios} on the fabric8 CRUD mock API server (one server, emptied per scenario). */
class MockServerScenariosTest extends ExecutorScenarios {

    @AutoClose
    private static final MockApi api = new MockApi();

    @Override
    protected Cluster server() {
        return api.cluster();
    }
}
