package dev.spotter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bus Spotter publishes its decisions to, its example rule, and who may put events on it. */
class DecisionBusTemplateTest {

    private static Template synth(Map<String, Object> context) {
        Map<String, Object> all = new java.util.HashMap<>(Map.of("clusterName", "demo", "nag", "false"));
        all.putAll(context);
        return Synth.template(Synth.stack(all));
    }

    @Test
    void byDefault_theStackCreatesABusNamedAfterTheClusterAndTellsTheFunctionsItsName() {
        Template template = synth(Map.of());
        TemplateJson json = new TemplateJson(Synth.json(template));

        template.resourceCountIs("AWS::Events::EventBus", 1);
        template.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "spotter-demo"));
        String bus = json.logicalId("AWS::Events::EventBus", "DecisionsBus[A-F0-9]{8}$");
        for (JsonNode function : functions(json)) {
            assertThat(function.path("Properties").path("Environment").path("Variables").path("SPOTTER_EVENT_BUS_NAME")
                    .path("Ref").asText()).as(function.toString()).isEqualTo(bus);
        }
    }

    @Test
    void exampleRule_isDisabledOnTheBusAndMatchesSpottersSourceForThisCluster() {
        Template template = synth(Map.of());
        TemplateJson json = new TemplateJson(Synth.json(template));
        String bus = json.logicalId("AWS::Events::EventBus", "DecisionsBus[A-F0-9]{8}$");

        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "State", "DISABLED",
                "EventBusName", Map.of("Ref", bus),
                "EventPattern", Map.of(
                        "source", List.of("spotter"),
                        "detail-type", List.of("NodeClaim Launch Failed", "Pods Unschedulable", "Disruption Rolled Back"),
                        "detail", Map.of("cluster", List.of("demo")))));
    }

    @Test
    void controllerRole_mayPutEventsOnlyOnTheDecisionBus() {
        TemplateJson json = new TemplateJson(Synth.json(synth(Map.of())));
        String bus = json.logicalId("AWS::Events::EventBus", "DecisionsBus[A-F0-9]{8}$");

        List<JsonNode> putEvents = json.allPolicyStatements().stream()
                .filter(s -> TemplateJson.actions(s).contains("events:PutEvents")).toList();
        assertThat(putEvents).singleElement().satisfies(statement -> {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.path("Resource").path("Fn::GetAtt").get(0).asText()).isEqualTo(bus);
        });
    }

    @Test
    void withTheDefaultBus_createsNoBusAndPublishesToTheAccountsDefaultBus() {
        Template template = synth(Map.of("eventBus", "default"));
        TemplateJson json = new TemplateJson(Synth.json(template));

        template.resourceCountIs("AWS::Events::EventBus", 0);
        for (JsonNode function : functions(json)) {
            assertThat(function.path("Properties").path("Environment").path("Variables").path("SPOTTER_EVENT_BUS_NAME")
                    .asText()).isEqualTo("default");
        }
        template.hasResourceProperties("AWS::Events::Rule", Map.of("State", "DISABLED",
                "EventPattern", Match.objectLike(Map.of("source", List.of("spotter")))));
        List<JsonNode> putEvents = json.allPolicyStatements().stream()
                .filter(s -> TemplateJson.actions(s).contains("events:PutEvents")).toList();
        assertThat(putEvents).singleElement().satisfies(statement ->
                assertThat(statement.path("Resource").toString()).contains(":event-bus/default"));
    }

    @Test
    void anUnknownBusSetting_failsNamingTheChoices() {
        assertThatThrownBy(() -> synth(Map.of("eventBus", "mine")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("eventBus must be spotter")
                .hasMessageContaining("'mine'");
    }

    /** The four Spotter functions (the setup function and the Provider framework's are not publishers). */
    private static List<JsonNode> functions(TemplateJson json) {
        List<JsonNode> out = new ArrayList<>();
        json.resources("AWS::Lambda::Function").forEach(f -> {
            if (f.path("Properties").path("Handler").asText().startsWith("dev.spotter.functions.")
                    && !f.path("Properties").path("Handler").asText().contains(".setup.")) {
                out.add(f);
            }
        });
        assertThat(out).hasSize(4);
        return out;
    }
}
