package dev.spotter.functions.e2e;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.spotter.adapters.dynamodb.DynamoDbNodeClaimStore;
import dev.spotter.adapters.dynamodb.DynamoDbProvisioningLease;
import dev.spotter.adapters.dynamodb.DynamoDbUnavailableOfferings;
import dev.spotter.adapters.ec2.AwsClients;
import dev.spotter.adapters.kubernetes.KubernetesClients;
import dev.spotter.adapters.ec2.Ec2CloudProvider;
import dev.spotter.adapters.kubernetes.KubernetesClusterApi;
import dev.spotter.adapters.kubernetes.KubernetesEventRecorder;
import dev.spotter.functions.interruption.InterruptionHandler;
import dev.spotter.functions.provisioner.ProvisionerHandler;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.LambdaEvents;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.functions.runtime.Samples;
import dev.spotter.functions.runtime.SqsProvisioningQueue;
import dev.spotter.functions.tick.ReconcileTickHandler;
import dev.spotter.functions.wiring.SettingsLoader;
import dev.spotter.functions.wiring.SpotterRuntime;
import dev.spotter.events.DecisionEvent;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.testing.DynamoDbTestEndpoint;
import dev.spotter.testing.KubernetesTestServer;
import dev.spotter.testing.MutableClock;
import dev.spotter.testing.Orchestration;
import dev.spotter.testing.SqsTestServer;
import dev.spotter.testing.StateTables;
import dev.spotter.testing.TestAws;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Spotter wired as in Lambda, on real servers, for one test: a fresh state table in moto's DynamoDB, a provisioning
 * queue in ElasticMQ, a VPC with subnets and a security group tagged for a fresh cluster name plus the EKS AMI
 * parameters in moto's EC2 and SSM (AWS_ENDPOINT_URL), the configuration object in moto's SSM, and a Kubernetes API
 * (fabric8's mock server). The handlers are the real ones, built on {@link SpotterRuntime} with the default
 * placement strategy; only the clock (which tests move) is chosen here. Helpers play the cluster's part: pods the scheduler marked
 * Unschedulable, nodes that join with the providerID of an instance.
 */
final class Testbed implements AutoCloseable {
    /** The instance id every sample in events/ names. */
    static final String SAMPLE_INSTANCE = "i-1234567890abcdef0";
    private static final String DISCOVERY = "karpenter.sh/discovery";

    final String cluster = TestAws.uniqueName("e2e");
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final String table = StateTables.create("e2e");
    final String provisioningQueueUrl = SqsTestServer.createQueue("provisioning");
    final RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();
    /** The decision events Spotter published (EventBridge itself is covered by EventBridgeDecisionEventsIT). */
    final List<DecisionEvent> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** fabric8's mock server, or null when the bed runs on the real control plane. */
    final KubernetesTestServer kube;
    /** Sets the cluster up and reads it back (the mock server's client, or the real control plane's admin). */
    final KubernetesClient k8s;
    /** The identity Spotter's functions use on the real control plane; null on the mock server. */
    private final KubernetesClient spotterIdentity;
    final Ec2Client ec2 = AwsClients.ec2();
    final SsmClient ssm = AwsClients.ssm();
    final String parameterRoot = "/spotter-e2e/" + cluster + "/aws/service";
    final String configParameter = "/spotter-e2e/" + cluster + "/config";
    final SpotterRuntime runtime;
    private final String vpcId;

    /** On fabric8's mock server, reached through SPOTTER_KUBERNETES_URL. */
    Testbed() {
        this(new KubernetesTestServer(), null, null);
    }

    /**
     * On the real control plane: {@code k8s} sets it up, Spotter acts through {@code spotterIdentity} (the
     * stack's Kubernetes group), handed to the runtime as its ClusterApi.
     */
    Testbed(KubernetesClient k8s, KubernetesClient spotterIdentity) {
        this(null, k8s, spotterIdentity);
    }

    private Testbed(KubernetesTestServer mock, KubernetesClient k8s, KubernetesClient spotterIdentity) {
        this.kube = mock;
        this.k8s = mock != null ? mock.client() : k8s;
        this.spotterIdentity = spotterIdentity;
        vpcId = seedNetwork();
        ssm.putParameter(r -> r.name(configParameter).type(ParameterType.STRING).overwrite(true)
                .value(Json.MAPPER.createObjectNode().put("clusterName", cluster).put("dryRun", false)
                        .put("rebalance", "replace").put("nodePoolsYaml", Orchestration.configYaml(cluster)).toString()));
        runtime = runtime();
    }

    /** A runtime of its own (as a second Lambda instance would have) on the same servers and clock. */
    SpotterRuntime runtime() {
        var dynamo = DynamoDbTestEndpoint.client();
        SpotterRuntime.Builder builder = SpotterRuntime.builder(new Environment(Map.of(
                SettingsLoader.CONFIG_PARAMETER, configParameter,
                "AWS_LAMBDA_FUNCTION_NAME", "spotter-e2e")));
        if (kube != null) {
            builder.kubernetesClientFactory(() -> KubernetesClients.forEndpoint(kube.url(), null, null));
        }
        if (spotterIdentity != null) {
            builder.clusterApi(new KubernetesClusterApi(spotterIdentity,
                    new KubernetesEventRecorder(spotterIdentity, clock, "spotter-e2e")));
        }
        return builder
                .clock(clock)
                .claims(new DynamoDbNodeClaimStore(dynamo, table))
                .lease(new DynamoDbProvisioningLease(dynamo, table))
                .unavailable(new DynamoDbUnavailableOfferings(dynamo, table, cluster))
                .cloud(new Ec2CloudProvider(ec2, ssm, parameterRoot))
                .clusterInfo(Orchestration.clusterInfo(cluster))
                .metrics(metrics)
                .events(published::add)
                .provisioningQueue(new SqsProvisioningQueue(SqsTestServer::client, provisioningQueueUrl, Json.MAPPER))
                .build();
    }

    ProvisionerHandler provisioner() {
        return new ProvisionerHandler(runtime);
    }

    InterruptionHandler interruptions() {
        return new InterruptionHandler(runtime);
    }

    /** Runs the reconcile tick on the scheduler's sample input, as EventBridge Scheduler would; returns its report. */
    Map<String, Object> tick() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ReconcileTickHandler(runtime).handleRequest(
                new ByteArrayInputStream(Samples.read("tick/scheduled.json").getBytes(StandardCharsets.UTF_8)), out, null);
        try {
            return Json.MAPPER.readValue(out.toString(StandardCharsets.UTF_8), new TypeReference<>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the tick wrote no JSON report: " + out, e);
        }
    }

    /** An SQS sample of events/sqs/ with the sample's instance id replaced by {@code instanceId}. */
    static SQSEvent sqsEventFor(String sample, String instanceId) {
        SQSEvent event = LambdaEvents.sqs(sample);
        event.getRecords().forEach(m -> m.setBody(m.getBody().replace(SAMPLE_INSTANCE, instanceId)));
        return event;
    }

    /** The messages as Lambda's SQS event source would hand them to the function. */
    static SQSEvent asLambdaEvent(List<Message> messages, String queueUrl) {
        String arn = SqsTestServer.queueArn(queueUrl);
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(m.messageId());
            message.setReceiptHandle(m.receiptHandle());
            message.setBody(m.body());
            message.setMd5OfBody(m.md5OfBody());
            message.setEventSource("aws:sqs");
            message.setEventSourceArn(arn);
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            return message;
        }).toList());
        return event;
    }

    // ---- the cluster's part ----

    /** A pod the scheduler has tried and marked PodScheduled=False, reason Unschedulable. */
    void unschedulablePod(String namespace, String name, String cpu) {
        k8s.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withUid("uid-" + name).addToLabels("app", name)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(name + "-rs")
                .withUid("rs-" + name).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("public.ecr.aws/nginx/nginx:1.27")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("512Mi"))
                .endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/3 nodes are available").endCondition().endStatus()
                .build()).create();
    }

    /** The instance's node joins the cluster (kubelet registered it), Ready or not, with an m5.large's allocatable. */
    void nodeJoins(String nodeName, String instanceId, String zone, String instanceType, boolean ready) {
        nodeJoins(nodeName, instanceId, zone, instanceType, ready, "1930m", "7000Mi");
    }

    /** As above, with the allocatable CPU and memory the kubelet reports. */
    void nodeJoins(String nodeName, String instanceId, String zone, String instanceType, boolean ready,
                   String allocatableCpu, String allocatableMemory) {
        k8s.nodes().resource(new NodeBuilder()
                .withNewMetadata().withName(nodeName).addToLabels("karpenter.sh/nodepool", "default")
                .addToLabels("node.kubernetes.io/instance-type", instanceType).addToLabels("topology.kubernetes.io/zone", zone)
                .addToLabels("kubernetes.io/arch", "amd64").addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/hostname", nodeName).endMetadata()
                .withNewSpec().withProviderID("aws:///" + zone + "/" + instanceId).endSpec()
                .withNewStatus()
                .withAllocatable(Map.of("cpu", new Quantity(allocatableCpu), "memory", new Quantity(allocatableMemory),
                        "pods", new Quantity("29")))
                .withCapacity(Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi"), "pods", new Quantity("29")))
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build()).create();
    }

    void nodeBecomesReady(String nodeName) {
        k8s.nodes().withName(nodeName).edit(node -> new NodeBuilder(node).editStatus()
                .withConditions(List.of(new io.fabric8.kubernetes.api.model.NodeConditionBuilder().withType("Ready")
                        .withStatus("True").build())).endStatus().build());
    }

    /** The scheduler binds the pod to the node and the kubelet runs it. */
    void podRunsOn(String namespace, String name, String nodeName) {
        k8s.pods().inNamespace(namespace).withName(name).edit(pod -> new PodBuilder(pod)
                .editSpec().withNodeName(nodeName).endSpec()
                .editStatus().withPhase("Running").withConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                        .withType("PodScheduled").withStatus("True").build())).endStatus().build());
    }

    boolean podExists(String namespace, String name) {
        return k8s.pods().inNamespace(namespace).withName(name).get() != null;
    }

    io.fabric8.kubernetes.api.model.Node node(String name) {
        return k8s.nodes().withName(name).get();
    }

    List<Event> events(String namespace) {
        return k8s.v1().events().inNamespace(namespace).list().getItems();
    }

    // ---- what Spotter did ----

    List<NodeClaim> activeClaims() {
        return runtime.claims().listActive(cluster);
    }

    Optional<NodeClaim> claim(String name) {
        return runtime.claims().get(cluster, name);
    }

    /** Every instance in moto tagged for this test's cluster, whatever its state, oldest first. */
    List<Instance> instances() {
        return ec2.describeInstancesPaginator(r -> r.filters(Filter.builder()
                        .name("tag:kubernetes.io/cluster/" + cluster).values("owned").build()))
                .reservations().stream().flatMap(reservation -> reservation.instances().stream())
                .sorted(Comparator.comparing(Instance::launchTime).thenComparing(Instance::instanceId)).toList();
    }

    Instance instance(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    static Map<String, String> tags(Instance instance) {
        Map<String, String> tags = new java.util.TreeMap<>();
        instance.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    @Override
    public void close() {
        List<String> live = new ArrayList<>();
        instances().stream().filter(i -> !"terminated".equals(i.state().nameAsString())).forEach(i -> live.add(i.instanceId()));
        if (!live.isEmpty()) {
            ec2.terminateInstances(r -> r.instanceIds(live));
        }
        if (kube != null) {
            kube.close();
        }
        StateTables.delete(table);
        SqsTestServer.client().deleteQueue(r -> r.queueUrl(provisioningQueueUrl));
        removeNetwork();
        ec2.close();
        ssm.close();
    }

    /**
     * Best effort, for runs against a real account (VPCs are few and templates pile up); on an emulator it all goes
     * with the server. A VPC whose terminated instances still hold interfaces stays; its name says whose it is.
     */
    private void removeNetwork() {
        quietly(() -> ec2.describeLaunchTemplatesPaginator(r -> r.filters(Filter.builder()
                        .name("tag:kubernetes.io/cluster/" + cluster).values("owned").build())).launchTemplates()
                .forEach(t -> ec2.deleteLaunchTemplate(r -> r.launchTemplateId(t.launchTemplateId()))));
        quietly(() -> ssm.deleteParameters(r -> r.names(configParameter,
                parameterRoot + "/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id")));
        quietly(() -> ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
                .securityGroups().stream().filter(g -> !"default".equals(g.groupName()))
                .forEach(g -> ec2.deleteSecurityGroup(r -> r.groupId(g.groupId()))));
        quietly(() -> ec2.describeSubnets(r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
                .subnets().forEach(subnet -> ec2.deleteSubnet(r -> r.subnetId(subnet.subnetId()))));
        quietly(() -> ec2.deleteVpc(r -> r.vpcId(vpcId)));
    }

    private static void quietly(Runnable cleanup) {
        try {
            cleanup.run();
        } catch (RuntimeException e) {
            // cleanup only: the test's outcome is already decided
        }
    }

    private String seedNetwork() {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16")
                .tagSpecifications(tags(ResourceType.VPC, Map.of("Name", "spotter-e2e-" + cluster)))).vpc().vpcId();
        for (String[] subnet : List.of(new String[] {"10.42.1.0/24", "us-east-1a"}, new String[] {"10.42.2.0/24", "us-east-1b"})) {
            ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(subnet[0]).availabilityZone(subnet[1])
                    .tagSpecifications(tags(ResourceType.SUBNET, Map.of(DISCOVERY, cluster))));
        }
        ec2.createSecurityGroup(r -> r.groupName("nodes-" + cluster).description("nodes").vpcId(vpc)
                .tagSpecifications(tags(ResourceType.SECURITY_GROUP, Map.of(DISCOVERY, cluster))));
        Image al2023 = ec2.describeImagesPaginator(r -> r.owners("amazon").filters(Filter.builder().name("name")
                        .values("al2023-ami-2023.*-kernel-6.1-x86_64").build())).images().stream()
                .max(Comparator.comparing(Image::creationDate).thenComparing(Image::name))
                .orElseThrow(() -> new IllegalStateException("the EC2 endpoint has no Amazon Linux 2023 image"));
        // emulators (and AWS) refuse writes under /aws/service: the public parameter is copied under a private root
        ssm.putParameter(r -> r.name(parameterRoot + "/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id")
                .value(al2023.imageId()).type(ParameterType.STRING).overwrite(true));
        return vpc;
    }

    private static TagSpecification tags(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                .build();
    }
}
