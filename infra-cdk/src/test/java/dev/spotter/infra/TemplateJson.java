package dev.spotter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A synthesised template as JSON, with look-ups by type and logical-id pattern and IAM statement helpers. */
final class TemplateJson {

    private final JsonNode json;

    TemplateJson(JsonNode json) {
        this.json = json;
    }

    JsonNode root() {
        return json;
    }

    JsonNode outputs() {
        return json.path("Outputs");
    }

    /** Logical id to resource, for every resource of {@code type}. */
    ObjectNode resources(String type) {
        ObjectNode out = Synth.JSON.createObjectNode();
        json.path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** The one logical id of {@code type} in which {@code pattern} (a regex) is found. */
    String logicalId(String type, String pattern) {
        Pattern compiled = Pattern.compile(pattern);
        List<String> ids = new ArrayList<>();
        resources(type).fieldNames().forEachRemaining(id -> {
            if (compiled.matcher(id).find()) {
                ids.add(id);
            }
        });
        assertThat(ids).as(type + " ~ " + pattern).hasSize(1);
        return ids.get(0);
    }

    JsonNode properties(String type, String pattern) {
        return resources(type).path(logicalId(type, pattern)).path("Properties");
    }

    /** Statements of the AWS::IAM::Policy resources attached to the role with this logical id. */
    ArrayNode policyStatementsOfRole(String roleId) {
        ArrayNode out = Synth.JSON.createArrayNode();
        resources("AWS::IAM::Policy").forEach(p -> {
            boolean attached = false;
            for (JsonNode r : p.path("Properties").path("Roles")) {
                attached |= r.path("Ref").asText().equals(roleId);
            }
            if (attached) {
                statements(p.path("Properties").path("PolicyDocument")).forEach(out::add);
            }
        });
        return out;
    }

    /** Statements of IAM policies, role inline policies, managed policies, and the queues' resource policies. */
    List<JsonNode> allPolicyStatements() {
        List<JsonNode> out = new ArrayList<>();
        json.path("Resources").forEach(resource -> {
            JsonNode props = resource.path("Properties");
            switch (resource.path("Type").asText()) {
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::SQS::QueuePolicy" ->
                        out.addAll(statements(props.path("PolicyDocument")));
                case "AWS::IAM::Role" -> props.path("Policies").forEach(p ->
                        out.addAll(statements(p.path("PolicyDocument"))));
                default -> {
                }
            }
        });
        return out;
    }

    static List<JsonNode> statements(JsonNode document) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode statement = document.path("Statement");
        if (statement.isArray()) {
            statement.forEach(out::add);
        } else if (statement.isObject()) {
            out.add(statement);
        }
        return out;
    }

    static List<String> actions(JsonNode statement) {
        List<String> out = new ArrayList<>();
        JsonNode action = statement.path("Action");
        if (action.isArray()) {
            action.forEach(a -> out.add(a.asText()));
        } else if (!action.isMissingNode()) {
            out.add(action.asText());
        }
        return out;
    }

    /** {@code Fn::Select [2, Fn::Split ["/", Ref AWS::StackId]]}: the UUID at the end of the stack id. */
    static JsonNode stackIdUuid() {
        return Synth.JSON.valueToTree(java.util.Map.of("Fn::Select", List.of(2,
                java.util.Map.of("Fn::Split", List.of("/", java.util.Map.of("Ref", "AWS::StackId"))))));
    }
}
