package dev.spotter.functions.runtime;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvisioningSignalTest {

    @Test
    void fromJson_whenSample_readsReasonPodAndTime() {
        ProvisioningSignal signal = ProvisioningSignal.fromJson(Json.MAPPER, Samples.read(Samples.PROVISIONING_SIGNAL));

        assertThat(signal).isEqualTo(new ProvisioningSignal("pod-created", "shop/checkout-7d4b9c8f6-",
                Instant.parse("2025-11-03T14:05:11.482Z")));
    }

    @Test
    void fromJson_whenSqsSampleBody_readsTheSameSignal() {
        String body = LambdaEvents.sqs("sqs/provisioning-signal.json").getRecords().get(0).getBody();

        assertThat(ProvisioningSignal.fromJson(Json.MAPPER, body).reason()).isEqualTo(ProvisioningSignal.POD_CREATED);
    }

    @Test
    void toJson_whenReadBack_returnsAnEqualSignal() {
        ProvisioningSignal signal = new ProvisioningSignal("spot-interruption", "", Instant.parse("2025-11-03T14:05:11Z"));

        assertThat(ProvisioningSignal.fromJson(Json.MAPPER, signal.toJson(Json.MAPPER))).isEqualTo(signal);
    }

    @Test
    void fromJson_whenNotASignal_failsWithAClearMessage() {
        assertThatThrownBy(() -> ProvisioningSignal.fromJson(Json.MAPPER, "{\"pod\":\"a/b\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a provisioning signal");
        assertThatThrownBy(() -> ProvisioningSignal.fromJson(Json.MAPPER, "ding"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
