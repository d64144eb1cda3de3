package dev.releasepolicy.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Weights approximated by pod counts when no router splits traffic. */
class ReplicaRatioTest {

    @ParameterizedTest(name = "{0} replicas at {1}%: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            5  | 20  | 1 of 5 pods, 20%    | true
            5  | 10  | 1 of 5 pods, 20%    | false
            10 | 5   | 1 of 10 pods, 10%   | true
            3  | 50  | 2 of 3 pods, 66.7%  | false
            4  | 90  | 3 of 4 pods, 75%    | false
            5  | 100 | 5 of 5 pods, 100%   | true
            5  | 0   | 0 of 5 pods, 0%     | true
            1  | 50  | 1 of 2 pods, 50%    | true
            1  | 20  | 1 of 2 pods, 50%    | false
            """)
    void podCounts_renderTheRealShare(int total, int weight, String rendered, boolean within) {
        ReplicaRatio r = ReplicaRatio.of(total, weight);

        assertThat(r.render()).isEqualTo(rendered);
        assertThat(r.withinTolerance()).isEqualTo(within);
    }

    @Test
    void belowFullWeight_theNewVersionIsNeverAtFullSize_andStableNeverGone() {
        for (int n = 2; n <= 20; n++) {
            for (int w = 1; w < 100; w++) {
                ReplicaRatio r = ReplicaRatio.of(n, w);
                assertThat(r.canary()).as(n + "/" + w).isBetween(1, n - 1);
                assertThat(r.canary() + r.stable()).isEqualTo(n);
            }
        }
    }

    @Test
    void promotion_runsAllReplicasNew() {
        assertThat(ReplicaRatio.of(7, 100)).isEqualTo(new ReplicaRatio(7, 100, 7, 0));
    }

    @Test
    void smallestTotal_meetsEveryWeightWithinFivePoints() {
        assertThat(ReplicaRatio.smallestTotal(List.of(5, 20, 50, 100))).isEqualTo(10);
        assertThat(ReplicaRatio.smallestTotal(List.of(20, 50))).isEqualTo(4);
        assertThat(ReplicaRatio.smallestTotal(List.of(1))).isEqualTo(17);
        assertThat(ReplicaRatio.smallestTotal(List.of(100))).isEqualTo(1);
        assertThat(List.of(5, 20, 50, 100)).allMatch(w -> ReplicaRatio.of(10, w).withinTolerance());
        assertThat(ReplicaRatio.of(9, 5).withinTolerance()).isFalse();
    }
}
