package dev.spotter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every resource of the default deployment (cluster "demo", default configuration), checked before deploy. */
class SpotterClusterTemplateTest {

    static Template template;
    static TemplateJson json;

    @BeforeAll
    static void synth() {
        template = Synth.template(Synth.stack(Map.of("clusterName", "demo", "nag", "false")));
        json = new TemplateJson(Synth.json(template));
    }

    // --- state table -------------------------------------------------------------------------------------------

    @Test
    void table_isOnDemandWithRecoveryEncryptionTtlAndTheStoresIndexes() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "KeySchema", List.of(
                        Map.of("AttributeName", "pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "SSESpecification", Map.of("SSEEnabled", true),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                "GlobalSecondaryIndexes", Match.arrayWith(List.of(
                        Match.objectLike(Map.of(
                                "IndexName", "byInstanceId",
                                "KeySchema", List.of(Map.of("AttributeName", "instanceId", "KeyType", "HASH")),
                                "Projection", Map.of("ProjectionType", "KEYS_ONLY"))),
                        Match.objectLike(Map.of(
                                "IndexName", "byClusterPhase",
                                "KeySchema", List.of(
                                        Map.of("AttributeName", "clusterPhase", "KeyType", "HASH"),
                                        Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "ALL")))))));
        template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain"));
    }

    // --- queues ------------------------------------------------------------------------------------------------

    @Test
    void queues_workQueuesHaveDeadLetterQueuesAndAllAreEncryptedAndSslOnly() {
        template.resourceCountIs("AWS::SQS::Queue", 4);
        JsonNode queues = json.resources("AWS::SQS::Queue");
        List<String> withRedrive = new ArrayList<>();
        queues.fields().forEachRemaining(q -> {
            JsonNode props = q.getValue().path("Properties");
            assertThat(props.path("SqsManagedSseEnabled").asBoolean()).as(q.getKey() + " SSE").isTrue();
            if (props.has("RedrivePolicy")) {
                withRedrive.add(q.getKey());
                assertThat(props.path("RedrivePolicy").path("maxReceiveCount").asInt()).isEqualTo(5);
                String dlq = props.path("RedrivePolicy").path("deadLetterTargetArn").path("Fn::GetAtt").get(0)
                        .asText();
                assertThat(queues.has(dlq)).as("DLQ " + dlq + " is one of ours").isTrue();
                assertThat(queues.path(dlq).path("Properties").has("RedrivePolicy")).isFalse();
            }
        });
        assertThat(withRedrive).hasSize(2)
                .anyMatch(id -> id.contains("Provisioning")).anyMatch(id -> id.contains("Interruption"));
        // enforceSSL: every queue's policy denies non-TLS access
        JsonNode policies = json.resources("AWS::SQS::QueuePolicy");
        assertThat(policies.size()).isEqualTo(4);
        policies.forEach(policy -> assertThat(TemplateJson.statements(policy.path("Properties").path("PolicyDocument")))
                .anySatisfy(s -> {
                    assertThat(s.path("Effect").asText()).isEqualTo("Deny");
                    assertThat(s.path("Condition").path("Bool").path("aws:SecureTransport").asText())
                            .isEqualTo("false");
                }));
    }

    @Test
    void queues_provisioningVisibilityIsSixTimesItsConsumersTimeout_interruptionComesBackWithinTheSpotWarning() {
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("VisibilityTimeout", 720,
                "RedrivePolicy", Match.anyValue()));
        // regression: a failed interruption message came back after 360 s, when the 2-minute warning had run out
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("VisibilityTimeout", 40,
                "RedrivePolicy", Match.anyValue()));
        assertThat(SpotterCluster.INTERRUPTION_VISIBILITY.toSeconds().intValue())
                .isGreaterThanOrEqualTo(SpotterCluster.INTERRUPTION.timeout().toSeconds().intValue()).isLessThan(60);
    }

    @Test
    void leaseHolders_runAtMostOneLeaseTerm() {
        // regression: the lease term equalled the function timeout by coincidence, with nothing tying them
        long term = dev.spotter.nodeclaim.ProvisioningLease.TERM.toSeconds();
        for (SpotterFunction.Spec holder : List.of(SpotterCluster.PROVISIONER, SpotterCluster.TICK, SpotterCluster.INTERRUPTION)) {
            assertThat(holder.timeout().toSeconds().longValue()).as(holder.serviceName()).isLessThanOrEqualTo(term);
        }
    }

    // --- EventBridge rules -------------------------------------------------------------------------------------

    @Test
    void rules_coverTheFiveInterruptionEventKindsAndTargetTheInterruptionQueue() {
        template.resourceCountIs("AWS::Events::Rule", 6); // 5 interruption rules + the decision bus's example rule
        for (String detailType : List.of("EC2 Spot Instance Interruption Warning",
                "EC2 Instance Rebalance Recommendation", "EC2 Instance State-change Notification",
                "EC2 Capacity Reservation Instance Interruption Warning")) {
            template.hasResourceProperties("AWS::Events::Rule", Map.of(
                    "EventPattern", Map.of("source", List.of("aws.ec2"), "detail-type", List.of(detailType)),
                    "State", "ENABLED",
                    "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Fn::GetAtt",
                            List.of(json.logicalId("AWS::SQS::Queue", "QueuesInterruption[A-F0-9]{8}$"), "Arn")))))));
        }
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of(
                        "source", List.of("aws.health"),
                        "detail-type", List.of("AWS Health Event"),
                        "detail", Map.of("service", List.of("EC2"), "eventTypeCategory", List.of("scheduledChange"))),
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Fn::GetAtt",
                        List.of(json.logicalId("AWS::SQS::Queue", "QueuesInterruption[A-F0-9]{8}$"), "Arn")))))));
    }

    @Test
    void interruptionQueuePolicy_letsEventBridgeSendOnlyForTheRules() {
        String queue = json.logicalId("AWS::SQS::Queue", "QueuesInterruption[A-F0-9]{8}$");
        JsonNode policy = null;
        for (JsonNode p : json.resources("AWS::SQS::QueuePolicy")) {
            if (p.path("Properties").path("Queues").get(0).path("Ref").asText().equals(queue)) {
                policy = p;
            }
        }
        assertThat(policy).isNotNull();
        List<JsonNode> allows = TemplateJson.statements(policy.path("Properties").path("PolicyDocument")).stream()
                .filter(s -> s.path("Effect").asText().equals("Allow")).toList();
        List<String> ruleIds = new ArrayList<>();
        json.resources("AWS::Events::Rule").fieldNames().forEachRemaining(ruleIds::add);
        assertThat(allows).hasSize(5).allSatisfy(s -> {
            assertThat(s.path("Principal").path("Service").asText()).isEqualTo("events.amazonaws.com");
            assertThat(TemplateJson.actions(s)).contains("sqs:SendMessage");
            assertThat(ruleIds).contains(s.path("Condition").path("ArnEquals").path("aws:SourceArn")
                    .path("Fn::GetAtt").get(0).asText());
        });
    }

    // --- functions ---------------------------------------------------------------------------------------------

    @Test
    void functions_areJava21WithTheAgreedHandlersSizesAndSnapStart() {
        template.resourceCountIs("AWS::Lambda::Function", 6); // 4 + setup + the Provider framework's
        function("dev.spotter.functions.webhook.PendingPodWebhookHandler::handleRequest", 512, 5);
        function("dev.spotter.functions.provisioner.ProvisionerHandler::handleRequest", 2048, 120);
        function("dev.spotter.functions.interruption.InterruptionHandler::handleRequest", 1024, 30);
        function("dev.spotter.functions.tick.ReconcileTickHandler::handleRequest", 1024, 120);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.spotter.functions.setup.ClusterAccessResource::handleRequest",
                "Runtime", "java21",
                "Timeout", 300));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.spotter.functions.provisioner.ProvisionerHandler::handleRequest",
                "ReservedConcurrentExecutions", 2));
    }

    @Test
    void functions_eachDeploysItsOwnArtifact() {
        Map<String, String> assetByHandler = new java.util.TreeMap<>();
        json.resources("AWS::Lambda::Function").forEach(f -> {
            JsonNode props = f.path("Properties");
            if (props.path("Runtime").asText().equals("java21")) {
                assetByHandler.put(props.path("Handler").asText(), props.path("Code").path("S3Key").asText());
            }
        });
        assertThat(assetByHandler).hasSize(5);
        assertThat(new java.util.HashSet<>(assetByHandler.values())).as("one distinct asset per function").hasSize(5);
        assertThat(assetByHandler.get("dev.spotter.functions.webhook.PendingPodWebhookHandler::handleRequest"))
                .isNotEqualTo(assetByHandler.get("dev.spotter.functions.provisioner.ProvisionerHandler::handleRequest"));
    }

    @Test
    void functions_haveTheEnvironmentTheHandlersRead() {
        Map<String, Object> common = Map.of(
                "SPOTTER_CLUSTER_NAME", "demo",
                "SPOTTER_TABLE_NAME", Map.of("Ref", json.logicalId("AWS::DynamoDB::Table", "StateTable")),
                "SPOTTER_PROVISIONING_QUEUE_URL", Map.of("Ref",
                        json.logicalId("AWS::SQS::Queue", "QueuesProvisioning[A-F0-9]{8}$")),
                "SPOTTER_INTERRUPTION_QUEUE_URL", Map.of("Ref",
                        json.logicalId("AWS::SQS::Queue", "QueuesInterruption[A-F0-9]{8}$")),
                "SPOTTER_CONFIG_PARAMETER", Map.of("Ref", json.logicalId("AWS::SSM::Parameter", "Configuration")),
                "SPOTTER_NODE_ROLE_NAME", "SpotterNodeRole-demo",
                "SPOTTER_DRY_RUN", "false",
                "POWERTOOLS_METRICS_NAMESPACE", "Spotter",
                "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        for (String fn : List.of("Webhook", "Provisioner", "Interruption", "Tick")) {
            JsonNode env = json.resources("AWS::Lambda::Function").path(json.logicalId("AWS::Lambda::Function",
                    fn + "Function")).path("Properties").path("Environment").path("Variables");
            common.forEach((name, value) -> assertThat(env.path(name)).as(fn + " " + name)
                    .isEqualTo(Synth.JSON.valueToTree(value)));
            assertThat(env.path("POWERTOOLS_SERVICE_NAME").asText()).isEqualTo("spotter-" + fn.toLowerCase());
            assertThat(env.has("SPOTTER_WEBHOOK_PATH_SECRET")).as(fn + " has the path secret")
                    .isEqualTo(fn.equals("Webhook"));
        }
        JsonNode secret = json.resources("AWS::Lambda::Function").path(json.logicalId("AWS::Lambda::Function",
                "WebhookFunction")).path("Properties").path("Environment").path("Variables")
                .path("SPOTTER_WEBHOOK_PATH_SECRET");
        assertThat(secret).isEqualTo(TemplateJson.stackIdUuid());
    }

    @Test
    void functions_publishVersionsBehindTheLiveAliasAndTriggersUseIt() {
        template.resourceCountIs("AWS::Lambda::Alias", 4);
        template.resourceCountIs("AWS::Lambda::Version", 4);
        json.resources("AWS::Lambda::Alias").forEach(alias -> {
            assertThat(alias.path("Properties").path("Name").asText()).isEqualTo("live");
            assertThat(alias.path("Properties").path("FunctionVersion").path("Fn::GetAtt").get(1).asText())
                    .isEqualTo("Version");
        });
        // triggers: SQS mappings, the Function URL and the schedule point at aliases, not $LATEST
        json.resources("AWS::Lambda::EventSourceMapping").forEach(m -> assertThat(m.path("Properties")
                .path("FunctionName").toString()).contains(":live"));
        template.hasResourceProperties("AWS::Lambda::Url", Map.of("Qualifier", "live"));
        template.hasResourceProperties("AWS::Scheduler::Schedule", Map.of("Target", Match.objectLike(Map.of(
                "Arn", Map.of("Ref", json.logicalId("AWS::Lambda::Alias", "TickLive"))))));
    }

    @Test
    void sqsEventSources_reportPartialBatchFailures() {
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 2);
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(json.logicalId("AWS::SQS::Queue",
                        "QueuesProvisioning[A-F0-9]{8}$"), "Arn")),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "MaximumBatchingWindowInSeconds", 5,
                "BatchSize", 100,
                "ScalingConfig", Map.of("MaximumConcurrency", 2)));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(json.logicalId("AWS::SQS::Queue",
                        "QueuesInterruption[A-F0-9]{8}$"), "Arn")),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
    }

    @Test
    void provisioner_reservesAsMuchConcurrencyAsItsEventSourceMayUse() {
        // regression: maximum concurrency 2 against reserved concurrency 1 throttled the second poller's batches
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.spotter.functions.provisioner.ProvisionerHandler::handleRequest",
                "ReservedConcurrentExecutions", SpotterCluster.MIN_SQS_MAX_CONCURRENCY));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "ScalingConfig", Map.of("MaximumConcurrency", SpotterCluster.MIN_SQS_MAX_CONCURRENCY)));
    }

    @Test
    void logGroups_oneMonthRetentionForEveryFunction() {
        template.resourceCountIs("AWS::Logs::LogGroup", 6);
        json.resources("AWS::Logs::LogGroup").forEach(g ->
                assertThat(g.path("Properties").path("RetentionInDays").asInt()).isEqualTo(30));
        json.resources("AWS::Lambda::Function").forEach(f -> assertThat(f.path("Properties").path("LoggingConfig")
                .path("LogGroup").path("Ref").asText()).isNotEmpty());
    }

    // --- webhook URL, secret, outputs --------------------------------------------------------------------------

    @Test
    void webhook_hasAPublicFunctionUrlAndTheFullUrlWithSecretPathIsAnOutput() {
        template.hasResourceProperties("AWS::Lambda::Url", Map.of("AuthType", "NONE"));
        JsonNode url = json.outputs().path("WebhookUrl").path("Value").path("Fn::Join");
        assertThat(url.get(0).asText()).isEmpty();
        assertThat(url.get(1).get(0).path("Fn::GetAtt").get(1).asText()).isEqualTo("FunctionUrl");
        assertThat(url.get(1).get(1)).isEqualTo(TemplateJson.stackIdUuid());
        for (String output : List.of("TableName", "ProvisioningQueueUrl", "InterruptionQueueUrl", "NodeRoleName",
                "ConfigParameterName", "DashboardName")) {
            assertThat(json.outputs().has(output)).as(output).isTrue();
        }
    }

    // --- schedule ----------------------------------------------------------------------------------------------

    @Test
    void tickSchedule_everyMinuteWithoutRetriesAndItsRoleMayInvokeOnlyTheTickAlias() {
        template.resourceCountIs("AWS::Scheduler::Schedule", 1);
        Capture role = new Capture();
        template.hasResourceProperties("AWS::Scheduler::Schedule", Map.of(
                "ScheduleExpression", "rate(1 minute)",
                "State", "ENABLED",
                "Target", Match.objectLike(Map.of(
                        "RoleArn", Map.of("Fn::GetAtt", List.of(role, "Arn")),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 0, "MaximumEventAgeInSeconds", 60),
                        "Input", Match.serializedJson(Match.objectLike(Map.of(
                                "kind", "spotter-tick", "cluster", "demo",
                                "scheduledTime", "<aws.scheduler.scheduled-time>")))))));
        JsonNode roleStatements = json.policyStatementsOfRole(role.asString());
        assertThat(roleStatements).singleElement().satisfies(s -> {
            assertThat(TemplateJson.actions(s)).containsExactly("lambda:InvokeFunction");
            assertThat(s.path("Resource").path("Ref").asText()).isEqualTo(json.logicalId("AWS::Lambda::Alias",
                    "TickLive"));
        });
    }

    // --- configuration parameter -------------------------------------------------------------------------------

    @Test
    void configParameter_holdsTheConfigurationObjectWithSubstitutedYaml() throws Exception {
        JsonNode parameter = json.resources("AWS::SSM::Parameter").elements().next().path("Properties");
        assertThat(parameter.path("Name").asText()).isEqualTo("/spotter/demo/config");
        assertThat(parameter.path("Tier").asText()).isEqualTo("Standard");
        JsonNode config = Synth.JSON.readTree(parameter.path("Value").asText());
        assertThat(config.path("clusterName").asText()).isEqualTo("demo");
        assertThat(config.path("dryRun").asBoolean()).isFalse();
        assertThat(config.path("rebalance").asText()).isEqualTo("replace"); // beyond Karpenter, which only logs them
        String yaml = config.path("nodePoolsYaml").asText();
        assertThat(yaml).contains("kind: NodePool", "kind: EC2NodeClass", "role: \"SpotterNodeRole-demo\"",
                "karpenter.sh/discovery: \"demo\"").doesNotContain("${");
        // the functions parse exactly this text: it must load as the same configuration
        var reloaded = dev.spotter.config.ConfigLoader.parse("nodePoolsYaml", yaml);
        assertThat(reloaded.nodePools()).extracting(p -> p.name()).containsExactly("default");
        assertThat(reloaded.nodeClasses()).extracting(c -> c.role()).containsExactly("SpotterNodeRole-demo");
    }

    // --- node role ---------------------------------------------------------------------------------------------

    @Test
    void nodeRole_hasTheWorkerNodePoliciesAndAnInstanceProfileOfTheSameName() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of(
                "RoleName", "SpotterNodeRole-demo",
                "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "ec2.amazonaws.com"))))))));
        JsonNode role = json.resources("AWS::IAM::Role").path(json.logicalId("AWS::IAM::Role", "NodesRole"));
        List<String> managed = new ArrayList<>();
        role.path("Properties").path("ManagedPolicyArns").forEach(arn -> managed.add(arn.toString()));
        assertThat(managed).hasSize(4).anyMatch(a -> a.contains("AmazonEKSWorkerNodePolicy"))
                .anyMatch(a -> a.contains("AmazonEKS_CNI_Policy"))
                .anyMatch(a -> a.contains("AmazonEC2ContainerRegistryPullOnly"))
                .anyMatch(a -> a.contains("AmazonSSMManagedInstanceCore"));
        template.hasResourceProperties("AWS::IAM::InstanceProfile", Map.of(
                "InstanceProfileName", "SpotterNodeRole-demo",
                "Roles", List.of(Map.of("Ref", json.logicalId("AWS::IAM::Role", "NodesRole")))));
    }

    // --- cluster access ----------------------------------------------------------------------------------------

    @Test
    void accessEntries_mapTheControllerToItsGroupAndTheNodesAsEc2Linux() {
        template.resourceCountIs("AWS::EKS::AccessEntry", 3);
        template.hasResourceProperties("AWS::EKS::AccessEntry", Map.of(
                "ClusterName", "demo",
                "Type", "STANDARD",
                "KubernetesGroups", List.of("spotter-controller"),
                "PrincipalArn", Map.of("Fn::GetAtt", List.of(json.logicalId("AWS::IAM::Role", "ControllerRole"),
                        "Arn"))));
        template.hasResourceProperties("AWS::EKS::AccessEntry", Map.of(
                "ClusterName", "demo",
                "Type", "EC2_LINUX",
                "PrincipalArn", Map.of("Fn::GetAtt", List.of(json.logicalId("AWS::IAM::Role", "NodesRole"), "Arn"))));
        template.hasResourceProperties("AWS::EKS::AccessEntry", Map.of(
                "Type", "STANDARD",
                "PrincipalArn", Map.of("Fn::GetAtt", List.of(json.logicalId("AWS::IAM::Role", "SetupRole"), "Arn")),
                "AccessPolicies", List.of(Match.objectLike(Map.of(
                        "AccessScope", Map.of("Type", "cluster"),
                        "PolicyArn", Match.objectLike(Map.of())))))); // partition-aware ARN (Fn::Join)
    }

    @Test
    void customResource_appliesRbacAndWebhookAfterTheSetupAccessEntry() {
        template.resourceCountIs("Custom::SpotterClusterAccess", 1);
        String resourceId = json.logicalId("Custom::SpotterClusterAccess", "ClusterAccess[A-F0-9]{8}$");
        JsonNode resource = json.resources("Custom::SpotterClusterAccess").path(resourceId);
        JsonNode props = resource.path("Properties");
        assertThat(props.path("ClusterName").asText()).isEqualTo("demo");
        assertThat(props.path("ControllerGroup").asText()).isEqualTo("spotter-controller");
        assertThat(props.path("CodeSha256").asText()).hasSize(64);
        assertThat(props.path("WebhookUrl")).isEqualTo(json.outputs().path("WebhookUrl").path("Value"));
        assertThat(props.path("ServiceToken").path("Fn::GetAtt").get(0).asText()).contains("Provider");
        List<String> dependsOn = new ArrayList<>();
        resource.path("DependsOn").forEach(d -> dependsOn.add(d.asText()));
        assertThat(dependsOn).contains(json.logicalId("AWS::EKS::AccessEntry", "SetupAccessEntry"),
                json.logicalId("AWS::EKS::AccessEntry", "ControllerAccessEntry"));
    }

    // --- operations --------------------------------------------------------------------------------------------

    @Test
    void dashboardAndAlarms_coverSpotterMetricsDeadLettersAndErrors() {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        String body = json.resources("AWS::CloudWatch::Dashboard").elements().next().path("Properties")
                .path("DashboardBody").toString();
        for (String metric : List.of("LaunchesSpot", "LaunchesOnDemand", "InterruptionSpotInterruption",
                "PendingPodAgeSeconds", "FleetHourlyCost",
                "ApproximateNumberOfMessagesVisible", "Errors")) {
            assertThat(body).as(metric).contains(metric);
        }
        assertThat(body).contains("Namespace=\\\\\\\"Spotter\\\\\\\"");
        // one alarm per dead-letter queue, one per function
        template.resourceCountIs("AWS::CloudWatch::Alarm", 6);
        List<String> metrics = new ArrayList<>();
        json.resources("AWS::CloudWatch::Alarm").forEach(a -> {
            JsonNode p = a.path("Properties");
            assertThat(p.path("Threshold").asInt()).isZero();
            assertThat(p.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
            metrics.add(p.path("MetricName").asText());
        });
        assertThat(metrics).containsExactlyInAnyOrder("ApproximateNumberOfMessagesVisible",
                "ApproximateNumberOfMessagesVisible", "Errors", "Errors", "Errors", "Errors");
    }

    @Test
    void operations_searchExpressionQuotesNamesForCloudWatch() {
        assertThat(Operations.searchExpression(List.of("Launches", "LaunchesSpot"), "Sum")).isEqualTo(
                "SEARCH('Namespace=\"Spotter\" (MetricName=\"Launches\" OR MetricName=\"LaunchesSpot\")', 'Sum', 300)");
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static void function(String handler, int memory, int timeout) {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", handler,
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "MemorySize", memory,
                "Timeout", timeout,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
    }
}
