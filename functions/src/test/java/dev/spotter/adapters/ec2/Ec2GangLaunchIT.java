package dev.spotter.adapters.ec2;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.cloud.InsufficientCapacityException;
import dev.spotter.cloud.LaunchRequest;
import dev.spotter.cloud.LaunchResult;
import dev.spotter.config.KubeletConfiguration;
import dev.spotter.config.NodeClass;
import dev.spotter.model.WellKnownLabels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gangs launched by one instant fleet, against moto's EC2; a short fleet is injected as the ICE tests inject capacity errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ec2GangLaunchIT {
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

    private NodeClass nodeClass() {
        return Ec2Fixtures.nodeClass("gang", List.of(Ec2Fixtures.alias("al2023@latest")),
                List.of(Ec2Fixtures.tags(Map.of(env.discoveryKey, env.cluster))),
                List.of(Ec2Fixtures.tags(Map.of(env.discoveryKey, env.cluster))), "", KubeletConfiguration.DEFAULT);
    }

    private List<LaunchRequest> gang(String prefix, int size) {
        InstanceType m5 = Ec2Fixtures.type("m5.large", 0.096, 0.04, "us-east-1a", "us-east-1b");
        dev.spotter.cloud.ClusterInfo cluster = new dev.spotter.cloud.ClusterInfo(env.cluster, "https://example.eks.amazonaws.com",
                "Y2E=", "1.31", "10.100.0.0/16");
        List<LaunchRequest> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add(LaunchRequest.of(Ec2Fixtures.claim(prefix + "-" + i, CapacityType.ON_DEMAND), Ec2Fixtures.pool("on-demand"),
                    nodeClass(), cluster, List.of(m5)));
        }
        return members;
    }

    private List<Instance> liveInstancesOf(String claim) {
        return env.ec2.describeInstances(r -> r.filters(SelectorFilters.filter("tag:" + WellKnownLabels.NODECLAIM, claim),
                        SelectorFilters.filter("instance-state-name", "pending", "running")))
                .reservations().stream().flatMap(reservation -> reservation.instances().stream()).toList();
    }

    @Test
    void launchGang_whenCapacityIsThere_launchesEveryMemberInOneAllOrNoneFleetInOneZone() {
        FaultInjectingEc2 faults = new FaultInjectingEc2(env.ec2);
        Ec2CloudProvider cloud = new Ec2CloudProvider(faults.client, env.ssm, env.parameterRoot);

        List<LaunchResult> results = cloud.launchGang(gang("train", 2));
        results.forEach(result -> launched.add(result.instanceId()));

        assertThat(faults.fleetRequests).singleElement().satisfies(fleet -> {
            assertThat(fleet.targetCapacitySpecification().totalTargetCapacity()).isEqualTo(2);
            assertThat(fleet.onDemandOptions().minTargetCapacity()).isEqualTo(2);
            assertThat(fleet.onDemandOptions().singleAvailabilityZone()).isTrue();
        });
        assertThat(results).hasSize(2);
        assertThat(results).extracting(LaunchResult::zone).containsOnly(results.get(0).zone());
        assertThat(liveInstancesOf("train-0")).singleElement().extracting(Instance::instanceId).isEqualTo(results.get(0).instanceId());
        assertThat(liveInstancesOf("train-1")).singleElement().extracting(Instance::instanceId).isEqualTo(results.get(1).instanceId());
    }

    @Test
    void launchGang_whenTheFleetComesBackShort_terminatesWhatLaunchedAndReportsTheOfferingsUnavailable() {
        FaultInjectingEc2 faults = new FaultInjectingEc2(env.ec2).shortFleet(1);
        Ec2CloudProvider cloud = new Ec2CloudProvider(faults.client, env.ssm, env.parameterRoot);

        assertThatThrownBy(() -> cloud.launchGang(gang("short", 2)))
                .isInstanceOfSatisfying(InsufficientCapacityException.class, e -> {
                    assertThat(e.getMessage()).contains("launched 1 of the 2 instances");
                    assertThat(e.offerings()).isNotEmpty()
                            .allMatch(key -> key.instanceType().equals("m5.large") && key.capacityType() == CapacityType.ON_DEMAND);
                });

        List<CreateFleetRequest> requests = faults.fleetRequests;
        assertThat(requests).singleElement().extracting(r -> r.onDemandOptions().minTargetCapacity()).isEqualTo(2);
        // the one instance the short fleet started is gone (shutting down or terminated): nothing of the gang runs
        List<Instance> all = env.ec2.describeInstances(r -> r.filters(SelectorFilters.filter("tag:" + WellKnownLabels.NODECLAIM, "short-0")))
                .reservations().stream().flatMap(reservation -> reservation.instances().stream()).toList();
        assertThat(all).isNotEmpty();
        assertThat(liveInstancesOf("short-0")).isEmpty();
        assertThat(liveInstancesOf("short-1")).isEmpty();
    }
}
