package dev.releasepolicy.executor.run;

import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.testing.MockApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ExecutorScenarios} on the fabric8 CRUD mock API server (one server, emptied per scenario). */
class MockServerScenariosTest extends ExecutorScenarios {

    private static MockApi api;

    @BeforeAll
    static void start() {
        api = new MockApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Override
    protected Cluster server() {
        return api.cluster();
    }
}
