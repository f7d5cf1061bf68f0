package dev.spotter.adapters.ec2;

import dev.spotter.config.AmiFamily;
import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.InstanceState;
import dev.spotter.cloud.LaunchRequest;
import dev.spotter.cloud.LaunchResult;
import dev.spotter.cloud.LaunchWithFallback;
import dev.spotter.cloud.NodeClassNotReadyException;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.config.NodeClass;
import dev.spotter.config.SelectorTerm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import dev.spotter.inmemory.InMemoryUnavailableOfferings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The EC2 adapter against a real EC2 API: moto's server in scripts/test-all.sh (see Ec2TestEnvironment). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ec2CloudProviderIT {
    private Ec2TestEnvironment env;
    private final List<String> launched = new ArrayList<>();

    @BeforeAll
    void seed() {
        env = new Ec2TestEnvironment();
    }

    @AfterAll
    void cleanUp() {
        if (env != null && !launched.isEmpty()) {
            env.ec2.terminateInstances(r -> r.instanceIds(launched));
        }
    }

    private NodeClass nodeClass(List<SelectorTerm> amis) {
        return Ec2Fixtures.nodeClass("default", amis, List.of(Ec2Fixtures.tags(Map.of(env.discoveryKey, env.cluster))),
                List.of(Ec2Fixtures.tags(Map.of(env.discoveryKey, env.cluster))), "", KubeletConfiguration.DEFAULT);
    }

    private NodeClass al2023() {
        return nodeClass(List.of(Ec2Fixtures.alias("al2023@latest")));
    }

    private dev.spotter.cloud.ClusterInfo cluster() {
        return new dev.spotter.cloud.ClusterInfo(env.cluster, "https://example.eks.amazonaws.com", "Y2E=", "1.31", "10.100.0.0/16");
    }

    private LaunchRequest request(String claim, CapacityType capacityType, NodeClass nodeClass, InstanceType... types) {
        return LaunchRequest.of(Ec2Fixtures.claim(claim, capacityType), Ec2Fixtures.pool("spot", "on-demand"), nodeClass,
                cluster(), List.of(types));
    }

    private LaunchResult remember(LaunchResult result) {
        launched.add(result.instanceId());
        return result;
    }

    @Test
    void resolveSubnets_whenTermsAreTagsWithWildcardOrIds_findsTheMatchingSubnets() {
        SubnetResolver resolver = new SubnetResolver(env.ec2);

        List<Subnet> byTag = resolver.resolve(nodeClass(List.of()));
        List<Subnet> byWildcardAndTag = resolver.resolve(Ec2Fixtures.nodeClass("x", List.of(),
                List.of(Ec2Fixtures.tags(Map.of("tier", "private", env.discoveryKey, "*"))), List.of(), "", KubeletConfiguration.DEFAULT));
        List<Subnet> byIdOrTag = resolver.resolve(Ec2Fixtures.nodeClass("x", List.of(),
                List.of(new SelectorTerm(env.subnetA, "", "", "", Map.of()), Ec2Fixtures.tags(Map.of("tier", "private"))),
                List.of(), "", KubeletConfiguration.DEFAULT));

        assertThat(byTag).extracting(Subnet::id).containsExactlyInAnyOrder(env.subnetA, env.subnetASmall, env.subnetB);
        assertThat(byWildcardAndTag).extracting(Subnet::id).contains(env.subnetB).doesNotContain(env.subnetA);
        assertThat(byIdOrTag).extracting(Subnet::id).contains(env.subnetA, env.subnetB).doesNotContain(env.subnetASmall);
        assertThat(SubnetResolver.zonal(byTag)).hasSize(2)
                .hasEntrySatisfying("us-east-1a", subnet -> assertThat(subnet.id()).isEqualTo(env.subnetA))
                .hasEntrySatisfying("us-east-1b", subnet -> assertThat(subnet.id()).isEqualTo(env.subnetB));
    }

    @Test
    void resolveSecurityGroups_whenTermsAreTagsOrName_findsEachGroup() {
        SecurityGroupResolver resolver = new SecurityGroupResolver(env.ec2);

        List<String> groups = resolver.resolve(Ec2Fixtures.nodeClass("x", List.of(), List.of(),
                List.of(Ec2Fixtures.tags(Map.of(env.discoveryKey, env.cluster)),
                        new SelectorTerm("", env.namedSecurityGroupName, "", "", Map.of())), "", KubeletConfiguration.DEFAULT));

        assertThat(groups).containsExactlyInAnyOrder(env.securityGroup, env.namedSecurityGroup);
    }

    @Test
    void resolveAmis_whenAliasIsAl2023Latest_readsTheSsmParameterOfEachArchitectureAndSkipsMissingVariants() {
        AmiResolver resolver = new AmiResolver(env.ec2, env.ssm, env.parameterRoot);

        AmiResolver.Resolution resolution = resolver.resolve(al2023(), cluster(), List.of(
                Ec2Fixtures.spec("m5.large", "amd64", 0, "", 0, ""),
                Ec2Fixtures.spec("m7g.large", "arm64", 0, "", 0, ""),
                Ec2Fixtures.spec("g5.xlarge", "amd64", 1, "NVIDIA", 0, "")));

        assertThat(resolution.family()).isEqualTo(AmiFamily.AL2023);
        assertThat(resolution.imageByType()).containsEntry("m5.large", env.amd64Image.imageId())
                .containsEntry("m7g.large", env.arm64Image.imageId())
                .doesNotContainKey("g5.xlarge");
    }

    @Test
    void resolveAmis_whenTermsNameAnImageWithOwnerOrTags_picksThatImagePerArchitecture() {
        env.ec2.createTags(r -> r.resources(env.arm64Image.imageId()).tags(software.amazon.awssdk.services.ec2.model.Tag.builder()
                .key("spotter-it").value(env.cluster).build()));
        AmiResolver resolver = new AmiResolver(env.ec2, env.ssm, env.parameterRoot);
        NodeClass custom = new NodeClass("custom", "AL2023", List.of(
                new SelectorTerm("", env.amd64Image.name(), "", "amazon", Map.of()),
                Ec2Fixtures.tags(Map.of("spotter-it", env.cluster))), List.of(), List.of(), "role", "", "", List.of(),
                null, KubeletConfiguration.DEFAULT, Map.of(), null, false, "");

        AmiResolver.Resolution resolution = resolver.resolve(custom, cluster(), List.of(
                Ec2Fixtures.spec("m5.large", "amd64", 0, "", 0, ""), Ec2Fixtures.spec("c6g.large", "arm64", 0, "", 0, "")));

        assertThat(resolution.imageByType()).containsEntry("m5.large", env.amd64Image.imageId())
                .containsEntry("c6g.large", env.arm64Image.imageId());
    }

    @Test
    void launch_whenCapacityIsThere_startsATaggedInstanceFromAContentNamedTemplateThatLaterLaunchesReuse() {
        Ec2CloudProvider cloud = new Ec2CloudProvider(env.ec2, env.ssm, env.parameterRoot);
        InstanceType m5 = Ec2Fixtures.type("m5.large", 0.096, 0.04, "us-east-1a", "us-east-1b");
        NodeClass reuse = Ec2Fixtures.nodeClass("reuse", List.of(Ec2Fixtures.alias("al2023@latest")),
                List.of(Ec2Fixtures.tags(Map.of(env.discoveryKey, env.cluster))),
                List.of(Ec2Fixtures.tags(Map.of(env.discoveryKey, env.cluster))), "", KubeletConfiguration.DEFAULT);

        LaunchResult first = remember(cloud.launch(request("claim-one", CapacityType.SPOT, reuse, m5)));
        LaunchResult second = remember(new Ec2CloudProvider(env.ec2, env.ssm, env.parameterRoot)
                .launch(request("claim-two", CapacityType.SPOT, reuse, m5)));

        assertThat(first.instanceType()).isEqualTo("m5.large");
        assertThat(first.capacityType()).isEqualTo(CapacityType.SPOT);
        assertThat(first.zone()).isIn("us-east-1a", "us-east-1b");
        assertThat(first.pricePerHour()).isEqualTo(0.04);
        CloudInstance instance = cloud.describe(first.instanceId()).orElseThrow();
        assertThat(instance.tags()).containsEntry("kubernetes.io/cluster/" + env.cluster, "owned")
                .containsEntry("eks:eks-cluster-name", env.cluster)
                .containsEntry("karpenter.sh/nodepool", "general")
                .containsEntry("karpenter.sh/nodeclaim", "claim-one")
                .containsEntry("karpenter.k8s.aws/ec2nodeclass", "reuse")
                .containsEntry("spotter.dev/managed-by", "spotter")
                .containsEntry("team", "payments")
                .containsEntry("Name", "general/claim-one");
        assertThat(instance.nodeClaimName()).isEqualTo("claim-one");
        assertThat(instance.state()).isIn(InstanceState.PENDING, InstanceState.RUNNING);
        assertThat(cloud.describe(second.instanceId()).orElseThrow().nodeClaimName()).isEqualTo("claim-two");

        List<LaunchTemplate> templates = env.ec2.describeLaunchTemplatesPaginator(r -> r.filters(Filter.builder()
                .name("tag:karpenter.k8s.aws/ec2nodeclass").values("reuse").build(), Filter.builder()
                .name("tag:kubernetes.io/cluster/" + env.cluster).values("owned").build())).launchTemplates().stream().toList();
        assertThat(templates).singleElement().satisfies(template -> {
            assertThat(template.launchTemplateName()).startsWith("spotter/" + env.cluster + "/");
            assertThat(SubnetResolver.tags(template.tags())).containsEntry("karpenter.sh/nodepool", "general")
                    .containsEntry("spotter.dev/managed-by", "spotter");
        });
        var data = env.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(templates.get(0).launchTemplateId())
                .versions("$Latest")).launchTemplateVersions().get(0).launchTemplateData();
        assertThat(data.imageId()).isEqualTo(env.amd64Image.imageId());
        assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(new String(Base64.getDecoder().decode(data.userData()), StandardCharsets.UTF_8))
                .contains("kind: NodeConfig", "name: " + env.cluster, "karpenter.sh/capacity-type=spot", "karpenter.sh/unregistered");
    }

    @Test
    void launch_whenSpotIsShortForSomeTypes_launchesOnTheRestThenFallsBackToOnDemand() {
        FaultInjectingEc2 faults = new FaultInjectingEc2(env.ec2)
                .outOfCapacity("spot", "m5.large").outOfCapacity("spot", "m6i.large");
        Ec2CloudProvider cloud = new Ec2CloudProvider(faults.client, env.ssm, env.parameterRoot);
        InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
        LaunchWithFallback launcher = new LaunchWithFallback(cloud, unavailable, Clock.systemUTC());
        InstanceType m5 = Ec2Fixtures.type("m5.large", 0.096, 0.04, "us-east-1a", "us-east-1b");
        InstanceType m6i = Ec2Fixtures.type("m6i.large", 0.096, 0.042, "us-east-1a", "us-east-1b");
        InstanceType c5 = Ec2Fixtures.type("c5.large", 0.085, 0.045, "us-east-1a", "us-east-1b");

        LaunchResult onTheRest = remember(launcher.launch(request("claim-ice", CapacityType.SPOT, al2023(), m5, m6i, c5)));

        assertThat(onTheRest.instanceType()).isEqualTo("c5.large");
        assertThat(onTheRest.capacityType()).isEqualTo(CapacityType.SPOT);
        assertThat(unavailable.current(java.time.Instant.now())).hasSize(4)
                .allMatch(key -> key.capacityType() == CapacityType.SPOT && !key.instanceType().equals("c5.large"));

        faults.outOfCapacity("spot", "c5.large");
        LaunchResult onDemand = remember(launcher.launch(request("claim-od", CapacityType.SPOT, al2023(), m5, m6i, c5)));

        assertThat(onDemand.capacityType()).isEqualTo(CapacityType.ON_DEMAND);
        assertThat(onDemand.instanceType()).isEqualTo("m5.large");
        assertThat(cloud.describe(onDemand.instanceId()).orElseThrow().capacityType()).isEqualTo(CapacityType.ON_DEMAND);
        assertThat(faults.fleetRequests).extracting(r -> r.targetCapacitySpecification().defaultTargetCapacityTypeAsString())
                .containsExactly("spot", "spot", "on-demand");
    }

    @Test
    void zones_whenSubnetsAreTaggedInSomeZones_returnsExactlyThoseZones() {
        Ec2CloudProvider cloud = new Ec2CloudProvider(env.ec2, env.ssm, env.parameterRoot);
        NodeClass privateOnly = Ec2Fixtures.nodeClass("private", List.of(),
                List.of(Ec2Fixtures.tags(Map.of(env.discoveryKey, env.cluster, "tier", "private"))), List.of(), "",
                KubeletConfiguration.DEFAULT);
        NodeClass noSubnets = Ec2Fixtures.nodeClass("none", List.of(),
                List.of(Ec2Fixtures.tags(Map.of(env.discoveryKey, "no-such-cluster"))), List.of(), "", KubeletConfiguration.DEFAULT);

        assertThat(cloud.zones(al2023())).as("the tagged subnets' zones, not the region's (moto's default VPC spans all)")
                .containsExactlyInAnyOrder("us-east-1a", "us-east-1b");
        assertThat(cloud.zones(privateOnly)).containsExactly("us-east-1b");
        assertThat(cloud.zones(noSubnets)).isEmpty();
    }

    @Test
    void launch_whenNoSubnetMatches_saysTheNodeClassIsNotReady() {
        Ec2CloudProvider cloud = new Ec2CloudProvider(env.ec2, env.ssm, env.parameterRoot);
        NodeClass noSubnets = Ec2Fixtures.nodeClass("default", List.of(Ec2Fixtures.alias("al2023@latest")),
                List.of(Ec2Fixtures.tags(Map.of(env.discoveryKey, "no-such-cluster"))),
                List.of(Ec2Fixtures.tags(Map.of(env.discoveryKey, env.cluster))), "", KubeletConfiguration.DEFAULT);

        assertThatThrownBy(() -> cloud.launch(request("claim-x", CapacityType.SPOT, noSubnets,
                Ec2Fixtures.type("m5.large", 0.096, 0.04, "us-east-1a"))))
                .isInstanceOf(NodeClassNotReadyException.class).hasMessageContaining("no subnet");
    }

    @Test
    void terminate_whenInstanceIsAlreadyTerminatedOrUnknown_succeeds() {
        Ec2CloudProvider cloud = new Ec2CloudProvider(env.ec2, env.ssm, env.parameterRoot);
        LaunchResult result = remember(cloud.launch(request("claim-term", CapacityType.ON_DEMAND, al2023(),
                Ec2Fixtures.type("m5.large", 0.096, 0.04, "us-east-1a"))));

        cloud.terminate(result.instanceId());
        cloud.terminate(result.instanceId());
        cloud.terminate("i-0123456789abcdef0");

        assertThat(cloud.describe(result.instanceId())).hasValueSatisfying(i -> assertThat(i.state().isGone()).isTrue());
        assertThat(cloud.describe("i-0123456789abcdef0")).isEmpty();
        assertThat(cloud.listClusterInstances(env.cluster)).extracting(CloudInstance::instanceId).doesNotContain(result.instanceId());
    }

    @Test
    void listClusterInstances_returnsSpottersLiveInstancesOfTheClusterOnly() {
        Ec2CloudProvider cloud = new Ec2CloudProvider(env.ec2, env.ssm, env.parameterRoot);
        LaunchResult ours = remember(cloud.launch(request("claim-list", CapacityType.ON_DEMAND, al2023(),
                Ec2Fixtures.type("m5.large", 0.096, 0.04, "us-east-1b"))));
        String managedNodeGroupNode = env.ec2.runInstances(r -> r.imageId(env.amd64Image.imageId()).minCount(1).maxCount(1)
                .instanceType("m5.large").subnetId(env.subnetB).tagSpecifications(Ec2TestEnvironment.tags(ResourceType.INSTANCE,
                        Map.of("kubernetes.io/cluster/" + env.cluster, "owned")))).instances().get(0).instanceId();
        launched.add(managedNodeGroupNode);

        List<CloudInstance> instances = cloud.listClusterInstances(env.cluster);

        assertThat(instances).extracting(CloudInstance::instanceId).contains(ours.instanceId()).doesNotContain(managedNodeGroupNode);
        CloudInstance listed = instances.stream().filter(i -> i.instanceId().equals(ours.instanceId())).findFirst().orElseThrow();
        assertThat(listed.launchTime()).isNotNull();
        assertThat(listed.zone()).isEqualTo("us-east-1b");
        assertThat(listed.nodeClaimName()).isEqualTo("claim-list");
        assertThat(cloud.listClusterInstances("some-other-cluster")).extracting(CloudInstance::instanceId).doesNotContain(ours.instanceId());
    }
}
