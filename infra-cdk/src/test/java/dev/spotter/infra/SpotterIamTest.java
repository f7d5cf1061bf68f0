package dev.spotter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.spotter.infra.TemplateJson.actions;
import static org.assertj.core.api.Assertions.assertThat;

/** Least privilege, after Karpenter's controller policy: tag conditions, PassRole, no wildcard actions. */
class SpotterIamTest {

    static final String OWNED_REQUEST = "aws:RequestTag/kubernetes.io/cluster/demo";
    static final String OWNED_RESOURCE = "aws:ResourceTag/kubernetes.io/cluster/demo";
    static final String MANAGED_BY_RESOURCE = "aws:ResourceTag/spotter.dev/managed-by";
    /** Read-only actions IAM cannot scope to a resource: the only ones allowed on "*". */
    static final Set<String> UNSCOPABLE = Set.of("ec2:DescribeImages", "ec2:DescribeInstances",
            "ec2:DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypes", "ec2:DescribeSecurityGroups",
            "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets", "pricing:GetProducts");

    static TemplateJson json;

    @BeforeAll
    static void synth() {
        Template template = Synth.template(Synth.stack(Map.of("clusterName", "demo", "nag", "false")));
        json = new TemplateJson(Synth.json(template));
    }

    @Test
    void noAllowStatementAnywhere_hasAWildcardAction() {
        List<JsonNode> all = json.allPolicyStatements();
        assertThat(all).hasSizeGreaterThan(20);
        for (JsonNode statement : all) {
            for (String action : actions(statement)) {
                if (statement.path("Effect").asText().equals("Allow")) {
                    assertThat(action).as(statement.toString()).isNotEqualTo("*").doesNotEndWith(":*")
                            .doesNotContain("*");
                } else {
                    // the only Deny: enforceSSL on the queues (deny every SQS call without TLS)
                    assertThat(action).isEqualTo("sqs:*");
                    assertThat(statement.path("Condition").path("Bool").path("aws:SecureTransport").asText())
                            .isEqualTo("false");
                }
            }
        }
    }

    @Test
    void resourceStar_onlyForActionsThatCannotBeScoped() {
        for (JsonNode statement : json.allPolicyStatements()) {
            if (statement.path("Effect").asText().equals("Allow") && resources(statement).contains("\"*\"")) {
                assertThat(UNSCOPABLE).as(statement.toString()).containsAll(actions(statement));
            }
        }
    }

    @Test
    void launches_requireTheClusterOwnershipTagInTheRequest() {
        JsonNode statement = controller("AllowScopedEC2InstanceActionsWithTags");
        assertThat(actions(statement)).containsExactlyInAnyOrder("ec2:RunInstances", "ec2:CreateFleet",
                "ec2:CreateLaunchTemplate");
        assertThat(statement.path("Condition").path("StringEquals").path(OWNED_REQUEST).asText()).isEqualTo("owned");
        assertThat(resources(statement)).contains("instance/*", "fleet/*", "volume/*", "network-interface/*",
                "launch-template/*");
        // without the tag, RunInstances/CreateFleet reach only resources a launch reads, never ones it creates
        JsonNode untagged = controller("AllowScopedEC2InstanceActions");
        assertThat(actions(untagged)).containsExactlyInAnyOrder("ec2:RunInstances", "ec2:CreateFleet");
        assertThat(resources(untagged)).doesNotContain("instance/*", "fleet/*", "volume/*");
        assertThat(untagged.has("Condition")).isFalse();
    }

    @Test
    void createTags_onlyAtCreationByTheThreeLaunchCalls_orOnOwnedInstancesForNameAndNodeclaim() {
        JsonNode atCreation = controller("AllowScopedResourceCreationTagging");
        assertThat(actions(atCreation)).containsExactly("ec2:CreateTags");
        JsonNode equals = atCreation.path("Condition").path("StringEquals");
        assertThat(equals.path(OWNED_REQUEST).asText()).isEqualTo("owned");
        List<String> createActions = new ArrayList<>();
        equals.path("ec2:CreateAction").forEach(a -> createActions.add(a.asText()));
        assertThat(createActions).containsExactlyInAnyOrder("RunInstances", "CreateFleet", "CreateLaunchTemplate");

        JsonNode later = controller("AllowScopedResourceTagging");
        assertThat(later.path("Condition").path("StringEquals").path(OWNED_RESOURCE).asText()).isEqualTo("owned");
        assertThat(later.path("Condition").path("StringEquals").path(MANAGED_BY_RESOURCE).asText())
                .isEqualTo("spotter");
        assertThat(later.path("Condition").path("ForAllValues:StringEquals").path("aws:TagKeys").toString())
                .isEqualTo("[\"karpenter.sh/nodeclaim\",\"Name\"]");
        assertThat(resources(later)).contains("instance/*").doesNotContain("launch-template");
    }

    @Test
    void terminateAndDeleteLaunchTemplate_onlyOnResourcesCarryingTheOwnershipAndSpottersTag() {
        JsonNode statement = controller("AllowScopedDeletion");
        assertThat(actions(statement)).containsExactlyInAnyOrder("ec2:TerminateInstances", "ec2:DeleteLaunchTemplate");
        assertThat(statement.path("Condition").path("StringEquals").path(OWNED_RESOURCE).asText())
                .isEqualTo("owned");
        // Karpenter's and managed node groups' instances carry the ownership tag as well, not Spotter's
        assertThat(statement.path("Condition").path("StringEquals").path(MANAGED_BY_RESOURCE).asText())
                .isEqualTo("spotter");
        // no other statement grants a destructive EC2 action
        for (JsonNode s : json.allPolicyStatements()) {
            if (!s.path("Sid").asText().equals("AllowScopedDeletion")) {
                assertThat(actions(s)).doesNotContain("ec2:TerminateInstances", "ec2:DeleteLaunchTemplate");
            }
        }
    }

    @Test
    void passRole_onlyTheNodeRoleAndOnlyToEc2() {
        JsonNode statement = controller("AllowPassingInstanceRole");
        assertThat(actions(statement)).containsExactly("iam:PassRole");
        assertThat(statement.path("Condition").path("StringEquals").path("iam:PassedToService").asText())
                .isEqualTo("ec2.amazonaws.com");
        assertThat(statement.path("Resource").path("Fn::GetAtt").get(0).asText()).contains("NodesRole");
        for (JsonNode s : json.allPolicyStatements()) {
            if (actions(s).contains("iam:PassRole")) {
                assertThat(s.path("Sid").asText()).isEqualTo("AllowPassingInstanceRole");
            }
        }
    }

    @Test
    void serviceLinkedRole_onlyEc2SpotsOwn() {
        JsonNode statement = controller("AllowSpotServiceLinkedRole");
        assertThat(actions(statement)).containsExactly("iam:CreateServiceLinkedRole");
        assertThat(statement.path("Condition").path("StringEquals").path("iam:AWSServiceName").asText())
                .isEqualTo("spot.amazonaws.com");
        assertThat(resources(statement)).contains("aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot");
    }

    @Test
    void reads_describeInRegionOnly_publicSsmParametersAndOwnConfig_pricing_andTheClusterOnly() {
        JsonNode describe = controller("AllowRegionalReadActions");
        assertThat(actions(describe)).allMatch(a -> a.startsWith("ec2:Describe"));
        assertThat(describe.path("Condition").path("StringEquals").path("aws:RequestedRegion").path("Ref").asText())
                .isEqualTo("AWS::Region");
        JsonNode ssm = controller("AllowSSMReadActions");
        assertThat(actions(ssm)).containsExactly("ssm:GetParameter");
        assertThat(resources(ssm)).contains("::parameter/aws/service/*").contains("SpotterConfiguration");
        assertThat(actions(controller("AllowPricingReadActions"))).containsExactly("pricing:GetProducts");
        JsonNode eks = controller("AllowAPIServerEndpointDiscovery");
        assertThat(actions(eks)).containsExactly("eks:DescribeCluster");
        assertThat(resources(eks)).contains(":cluster/demo");
    }

    @Test
    void state_itemCallsOnTheTableAndItsTwoIndexesOnly() {
        JsonNode statement = controller("AllowStateTable");
        assertThat(actions(statement)).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query");
        assertThat(resources(statement)).contains("/index/byInstanceId", "/index/byClusterPhase");
    }

    @Test
    void webhookRole_canOnlySignalTheProvisionerAndLog() {
        String role = json.logicalId("AWS::IAM::Role", "WebhookRole");
        List<String> actions = new ArrayList<>();
        json.policyStatementsOfRole(role).forEach(s -> actions.addAll(actions(s)));
        assertThat(actions).allMatch(a -> a.startsWith("sqs:") || a.startsWith("logs:"))
                .contains("sqs:SendMessage")
                .doesNotContain("sqs:ReceiveMessage", "sqs:DeleteMessage");
    }

    @Test
    void setupRole_describesTheClusterAndLogsOnly() {
        String role = json.logicalId("AWS::IAM::Role", "SetupRole");
        List<String> actions = new ArrayList<>();
        json.policyStatementsOfRole(role).forEach(s -> actions.addAll(actions(s)));
        assertThat(actions).containsExactlyInAnyOrder("eks:DescribeCluster", "logs:CreateLogStream",
                "logs:PutLogEvents");
    }

    @Test
    void functionRoles_attachNoManagedPolicies() {
        for (String role : List.of("ControllerRole", "WebhookRole", "SetupRole")) {
            JsonNode props = json.resources("AWS::IAM::Role")
                    .path(json.logicalId("AWS::IAM::Role", role)).path("Properties");
            assertThat(props.has("ManagedPolicyArns")).as(role).isFalse();
        }
    }

    private static JsonNode controller(String sid) {
        String role = json.logicalId("AWS::IAM::Role", "ControllerRole");
        for (JsonNode s : json.policyStatementsOfRole(role)) {
            if (s.path("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError("no controller statement " + sid);
    }

    private static String resources(JsonNode statement) {
        return statement.path("Resource").toString();
    }
}
