package dev.releasepolicy.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReleaseDurationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode spec(String json) {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void of_canarySteps_sumsTimedPausesAndAnalyses() {
        JsonNode spec = spec("""
                {'strategy': {'type': 'Canary', 'canary': {'steps': [
                  {'setWeight': 5}, {'pause': {'duration': '30m'}}, {'analysis': {'metrics': ['errorRate'], 'duration': '10m'}},
                  {'setWeight': 20}, {'pause': {'duration': '1h'}}, {'analysis': {'metrics': ['errorRate'], 'duration': '5m'}},
                  {'analysis': {'metrics': ['errorRate']}}, {'setWeight': 100}]}},
                 'healthCheck': {'timeout': '5m'}}""");

        ReleaseDuration d = ReleaseDuration.of(spec);

        assertThat(d.minimum()).isEqualTo(Duration.ofMinutes(30 + 10 + 60 + 5));
        assertThat(d.hasManualPause()).isFalse();
        assertThat(ReleaseDuration.minimum(spec)).isEqualTo(d.minimum());
    }

    @Test
    void of_manualPause_countsZeroAndSetsFlag() {
        ReleaseDuration d = ReleaseDuration.of(spec("""
                {'strategy': {'type': 'Canary', 'canary': {'steps': [{'setWeight': 5}, {'pause': {}},
                  {'pause': {'duration': '10m'}}, {'setWeight': 100}]}}}"""));

        assertThat(d).isEqualTo(new ReleaseDuration(Duration.ofMinutes(10), true));
    }

    @Test
    void of_blueGreen_ignoresKeepPrevious() {
        ReleaseDuration d = ReleaseDuration.of(spec("""
                {'strategy': {'type': 'BlueGreen', 'blueGreen': {'service': 'web', 'keepPrevious': '24h',
                  'steps': [{'setWeight': 50}, {'pause': {'duration': '10m'}}, {'setWeight': 100}]}}}"""));

        assertThat(d).isEqualTo(new ReleaseDuration(Duration.ofMinutes(10), false));
    }

    @Test
    void of_postPromotionAnalysis_countsItsDuration_forCanaryAndBlueGreen() {
        ReleaseDuration blueGreen = ReleaseDuration.of(spec("""
                {'strategy': {'type': 'BlueGreen', 'blueGreen': {'service': 'web', 'keepPrevious': '24h',
                  'postPromotionAnalysis': {'metrics': ['smoke', 'errorRate'], 'duration': '5m'}}}}"""));
        assertThat(blueGreen).isEqualTo(new ReleaseDuration(Duration.ofMinutes(5), false));

        ReleaseDuration canary = ReleaseDuration.of(spec("""
                {'strategy': {'type': 'Canary', 'canary': {
                  'steps': [{'setWeight': 10}, {'pause': {'duration': '10m'}}, {'setWeight': 100}],
                  'postPromotionAnalysis': {'metrics': ['errorRate'], 'duration': '15m'}}}}"""));
        assertThat(canary.minimum()).isEqualTo(Duration.ofMinutes(25));

        ReleaseDuration once = ReleaseDuration.of(spec("""
                {'strategy': {'type': 'BlueGreen', 'blueGreen': {'postPromotionAnalysis': {'metrics': ['smoke']}}}}"""));
        assertThat(once.minimum()).as("one measurement counts zero").isZero();
    }

    @Test
    void of_typeSelectsSteps_otherListIgnored() {
        ReleaseDuration d = ReleaseDuration.of(spec("""
                {'strategy': {'type': 'BlueGreen',
                  'canary': {'steps': [{'pause': {'duration': '2h'}}]},
                  'blueGreen': {'steps': [{'pause': {'duration': '20m'}}]}}}"""));

        assertThat(d.minimum()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void of_healthCheckInitialDelay_countsLikeThePlansWaitReadyStep() {
        // The plan waits at least initialDelay for the new pods before traffic moves (40m vs 40m15s in issue 16).
        assertThat(ReleaseDuration.of(spec("""
                        {'strategy': {'type': 'Canary', 'canary': {'steps': [{'setWeight': 50},
                          {'pause': {'duration': '40m'}}, {'setWeight': 100}]}},
                         'healthCheck': {'path': '/ready', 'port': 8080, 'timeout': '5m', 'initialDelay': '15s'}}""")))
                .isEqualTo(new ReleaseDuration(Duration.ofMinutes(40).plusSeconds(15), false));
        assertThat(ReleaseDuration.of(spec("""
                        {'strategy': {'type': 'Rolling'}, 'healthCheck': {'timeout': '5m', 'initialDelay': '1m'}}"""))).isEqualTo(new ReleaseDuration(Duration.ofMinutes(1), false));
    }

    @Test
    void of_rollingOrMissingStrategy_isZero() {
        assertThat(ReleaseDuration.of(spec("{'strategy': {'type': 'Rolling', 'rolling': {'maxSurge': '25%'}}}")))
                .isEqualTo(ReleaseDuration.ZERO);
        assertThat(ReleaseDuration.of(spec("{}"))).isEqualTo(ReleaseDuration.ZERO);
        assertThat(ReleaseDuration.of(null)).isEqualTo(ReleaseDuration.ZERO);
    }

    @Test
    void of_malformedDurations_countZero() {
        ReleaseDuration d = ReleaseDuration.of(spec("""
                {'strategy': {'canary': {'steps': [{'pause': {'duration': 'soon'}}, {'pause': {'duration': 5}},
                  {'analysis': {'duration': '1x'}}, 'junk', {'pause': {'duration': '1m'}}]}}}"""));

        assertThat(d).isEqualTo(new ReleaseDuration(Duration.ofMinutes(1), false));
    }
}
