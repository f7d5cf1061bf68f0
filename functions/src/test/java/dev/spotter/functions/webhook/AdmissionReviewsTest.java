package dev.spotter.functions.webhook;

import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Samples;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionReviewsTest {
    private final AdmissionReviews reviews = new AdmissionReviews(Json.MAPPER);

    @Test
    void parse_whenReplicaSetPodCreate_usesTheGenerateNamePrefixAsName() {
        AdmissionRequest request = reviews.parse(Samples.read("admission/pod-create.json"), false);

        assertThat(request).isEqualTo(new AdmissionRequest("705ab4f5-6393-11e8-b7cc-42010a800002", "Pod", "CREATE",
                "shop", "checkout-7d4b9c8f6-", false, false));
        assertThat(request.pod()).isEqualTo("shop/checkout-7d4b9c8f6-");
    }

    @Test
    void parse_whenDryRunAndBoundSamples_readsTheirFlags() {
        assertThat(reviews.parse(Samples.read("admission/pod-create-dry-run.json"), false).dryRun()).isTrue();
        AdmissionRequest bound = reviews.parse(Samples.read("admission/pod-create-bound.json"), false);
        assertThat(bound.bound()).isTrue();
        assertThat(bound.name()).isEqualTo("batch-worker-0");
    }

    @Test
    void parse_whenBase64_decodesFirst() {
        String encoded = Base64.getEncoder().encodeToString(
                Samples.read("admission/pod-create.json").getBytes(StandardCharsets.UTF_8));

        assertThat(reviews.parse(encoded, true).uid()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    }

    @Test
    void parse_whenMarkedBase64ButNot_failsNamingTheBody() {
        assertThatThrownBy(() -> reviews.parse("{not base64!}", true))
                .isInstanceOf(MalformedAdmissionReviewException.class).hasMessageContaining("base64")
                .extracting(e -> ((MalformedAdmissionReviewException) e).field()).isEqualTo("body");
    }

    @Test
    void parse_whenFieldsMissing_failsNamingThem() {
        assertThat(fieldOfFailure("")).isEqualTo("body");
        assertThat(fieldOfFailure("{\"kind\":\"AdmissionReview\"")).isEqualTo("body");
        assertThat(fieldOfFailure("{\"kind\":\"Pod\"}")).isEqualTo("kind");
        assertThat(fieldOfFailure("{\"kind\":\"AdmissionReview\"}")).isEqualTo("request");
        assertThat(fieldOfFailure("{\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"\"}}")).isEqualTo("request.uid");
    }

    @Test
    void allowed_whenUidHasQuotes_escapesIt() throws Exception {
        String response = reviews.allowed("a\"b");

        assertThat(Json.MAPPER.readTree(response).get("response").get("uid").asText()).isEqualTo("a\"b");
    }

    private String fieldOfFailure(String body) {
        try {
            reviews.parse(body, false);
        } catch (MalformedAdmissionReviewException e) {
            return e.field();
        }
        throw new AssertionError("expected rejection of " + body);
    }
}
