package dev.spotter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** cdk-nag's AwsSolutions checks, applied by the app as in `cdk synth`: nothing unsuppressed, every suppression
 *  scoped and explained. */
class SpotterNagTest {

    static SpotterStack stack;
    static TemplateJson json;

    @BeforeAll
    static void synth() {
        stack = Synth.stack(Map.of("clusterName", "demo")); // nag is on by default
        json = new TemplateJson(Synth.json(Synth.template(stack)));
    }

    @Test
    void awsSolutions_hasNoUnsuppressedError() {
        List<SynthesisMessage> errors = Annotations.fromStack(stack).findError("*", Match.anyValue());
        assertThat(errors).extracting(m -> m.getId() + ": " + m.getEntry().getData()).isEmpty();
    }

    @Test
    void awsSolutions_hasNoUnsuppressedWarningAndCdkWarningsAreAcknowledged() {
        List<SynthesisMessage> warnings = Annotations.fromStack(stack).findWarning("*", Match.anyValue());
        assertThat(warnings).extracting(m -> m.getId() + ": " + m.getEntry().getData()).isEmpty();
    }

    @Test
    void awsSolutions_actuallyRan() {
        // the checks leave their suppressions' evidence in the template metadata; without the aspect there is none
        assertThat(suppressions()).isNotEmpty();
    }

    @Test
    void everySuppression_carriesItsReason_andWildcardOnesAreScoped() {
        List<JsonNode> suppressions = suppressions();
        assertThat(suppressions).extracting(s -> s.path("id").asText())
                .contains("AwsSolutions-IAM4", "AwsSolutions-IAM5", "AwsSolutions-L1");
        for (JsonNode suppression : suppressions) {
            assertThat(suppression.path("reason").asText()).as(suppression.toString()).hasSizeGreaterThan(60);
            String id = suppression.path("id").asText();
            if (id.equals("AwsSolutions-IAM4") || id.equals("AwsSolutions-IAM5")) {
                assertThat(suppression.path("applies_to").size()).as("scoped: " + suppression).isPositive();
            }
        }
    }

    @Test
    void onlyTheExpectedRulesAreSuppressed() {
        assertThat(suppressions()).extracting(s -> s.path("id").asText())
                .allMatch(id -> List.of("AwsSolutions-IAM4", "AwsSolutions-IAM5", "AwsSolutions-L1").contains(id));
    }

    private static List<JsonNode> suppressions() {
        List<JsonNode> out = new ArrayList<>();
        json.root().path("Resources").forEach(resource -> resource.path("Metadata").path("cdk_nag")
                .path("rules_to_suppress").forEach(out::add));
        return out;
    }
}
