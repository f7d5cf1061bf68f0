package dev.spotter.adapters.ec2;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.OfferingKey;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetOnDemandAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateAndOverridesResponse;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotAllocationStrategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.spotter.catalog.CapacityType.SPOT;
import static org.assertj.core.api.Assertions.assertThat;

class FleetRequestsTest {
    private static final Map<String, Subnet> SUBNETS = Map.of(
            "us-east-1a", new Subnet("subnet-a", "us-east-1a", 100, Map.of()),
            "us-east-1b", new Subnet("subnet-b", "us-east-1b", 100, Map.of()));

    @Test
    void build_whenSpot_asksForOneInstantInstanceWithPriceCapacityOptimizedAndTagsEverything() {
        CreateFleetRequest request = FleetRequests.build("claim-1", "spotter-token-1", SPOT, List.of(group("lt-1", 2, "us-east-1a", "us-east-1b")),
                SUBNETS, Map.of("karpenter.sh/nodeclaim", "claim-1"));

        assertThat(request.type()).isEqualTo(FleetType.INSTANT);
        assertThat(request.targetCapacitySpecification().totalTargetCapacity()).isEqualTo(1);
        assertThat(request.targetCapacitySpecification().defaultTargetCapacityTypeAsString()).isEqualTo("spot");
        assertThat(request.spotOptions().allocationStrategy()).isEqualTo(SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED);
        assertThat(request.onDemandOptions()).isNull();
        assertThat(request.tagSpecifications()).extracting(spec -> spec.resourceType())
                .containsExactly(ResourceType.INSTANCE, ResourceType.VOLUME, ResourceType.FLEET);
        List<FleetLaunchTemplateOverridesRequest> overrides = request.launchTemplateConfigs().get(0).overrides();
        assertThat(overrides).extracting(o -> o.instanceTypeAsString() + "@" + o.subnetId() + "@" + o.availabilityZone())
                .containsExactly("t0.large@subnet-a@us-east-1a", "t0.large@subnet-b@us-east-1b",
                        "t1.large@subnet-a@us-east-1a", "t1.large@subnet-b@us-east-1b");
        assertThat(request.launchTemplateConfigs().get(0).launchTemplateSpecification().version()).isEqualTo("$Latest");
    }

    @Test
    void build_whenOnDemand_usesLowestPrice() {
        CreateFleetRequest request = FleetRequests.build("claim-1", "spotter-token-1", CapacityType.ON_DEMAND, List.of(group("lt-1", 1, "us-east-1a")),
                SUBNETS, Map.of());

        assertThat(request.onDemandOptions().allocationStrategy()).isEqualTo(FleetOnDemandAllocationStrategy.LOWEST_PRICE);
        assertThat(request.spotOptions()).isNull();
        assertThat(request.targetCapacitySpecification().defaultTargetCapacityTypeAsString()).isEqualTo("on-demand");
    }

    @Test
    void build_whenTooManyTypes_keepsTheFirstSixty() {
        CreateFleetRequest request = FleetRequests.build("claim-1", "spotter-token-1", SPOT, List.of(group("lt-1", 80, "us-east-1a")), SUBNETS, Map.of());

        assertThat(request.launchTemplateConfigs().get(0).overrides()).hasSize(60);
        assertThat(request.launchTemplateConfigs().get(0).overrides().get(59).instanceTypeAsString()).isEqualTo("t59.large");
    }

    @Test
    void build_whenTypesTimesZonesExceedThreeHundred_trimsTypesToStayWithinTheLimit() {
        Map<String, Subnet> sixZones = new LinkedHashMap<>();
        String[] zones = {"z1", "z2", "z3", "z4", "z5", "z6"};
        for (String zone : zones) {
            sixZones.put(zone, new Subnet("subnet-" + zone, zone, 10, Map.of()));
        }

        CreateFleetRequest request = FleetRequests.build("claim-1", "spotter-token-1", SPOT,
                List.of(group("lt-1", 40, zones), group("lt-2", 40, zones)), sixZones, Map.of());

        int overrides = request.launchTemplateConfigs().stream().mapToInt(config -> config.overrides().size()).sum();
        assertThat(overrides).isEqualTo(300);
        assertThat(request.launchTemplateConfigs()).hasSize(2);
    }

    @Test
    void build_whenZoneHasNoSubnet_leavesItOut() {
        CreateFleetRequest request = FleetRequests.build("claim-1", "spotter-token-1", SPOT, List.of(group("lt-1", 1, "us-east-1a", "us-east-1c")),
                SUBNETS, Map.of());

        assertThat(request.launchTemplateConfigs().get(0).overrides()).extracting(FleetLaunchTemplateOverridesRequest::subnetId)
                .containsExactly("subnet-a");
    }

    @Test
    void clientToken_isTheOneGiven_whateverTheOfferings() {
        // regression: the token hashed the offerings, so two launches of one claim that read them apart got two tokens
        CreateFleetRequest one = FleetRequests.build("claim-1", "spotter-token-1", SPOT, List.of(group("lt-1", 2, "us-east-1a")), SUBNETS, Map.of());
        CreateFleetRequest fewer = FleetRequests.build("claim-1", "spotter-token-1", SPOT, List.of(group("lt-1", 1, "us-east-1a")), SUBNETS, Map.of());

        assertThat(one.clientToken()).isEqualTo(fewer.clientToken()).isEqualTo("spotter-token-1");
    }

    @Test
    void classify_whenCapacityErrors_namesTheFailedOfferingsAndAZoneWideShortageOfAddresses() {
        List<OfferingKey> requested = List.of(key("m5.large", "us-east-1a"), key("m5.large", "us-east-1b"),
                key("c5.large", "us-east-1a"), key("c5.large", "us-east-1b"));

        FleetErrors.Classified classified = FleetErrors.classify(List.of(
                error("InsufficientInstanceCapacity", "m5.large", null, "subnet-a"),
                error("InsufficientFreeAddressesInSubnet", "c5.large", "us-east-1b", "subnet-b")), SPOT, requested,
                Map.of("subnet-a", "us-east-1a", "subnet-b", "us-east-1b"));

        assertThat(classified.onlyCapacity()).isTrue();
        assertThat(classified.unavailable()).containsExactlyInAnyOrder(key("m5.large", "us-east-1a"),
                key("m5.large", "us-east-1b"), key("c5.large", "us-east-1b"));
    }

    @Test
    void classify_whenOtherErrors_keepsThemAsText() {
        FleetErrors.Classified classified = FleetErrors.classify(List.of(
                error("InvalidParameterValue", "m5.large", "us-east-1a", "subnet-a"),
                error("SpotMaxPriceTooLow", "m5.large", "us-east-1a", "subnet-a")), SPOT, List.of(), Map.of());

        assertThat(classified.onlyCapacity()).isFalse();
        assertThat(classified.others()).singleElement().asString().startsWith("InvalidParameterValue");
        assertThat(classified.unavailable()).containsExactly(key("m5.large", "us-east-1a"));
    }

    private static OfferingKey key(String type, String zone) {
        return new OfferingKey(SPOT, type, zone);
    }

    private static CreateFleetError error(String code, String type, String zone, String subnet) {
        return CreateFleetError.builder().errorCode(code).errorMessage("message for " + code)
                .launchTemplateAndOverrides(LaunchTemplateAndOverridesResponse.builder().overrides(
                        FleetLaunchTemplateOverrides.builder().instanceType(type).availabilityZone(zone).subnetId(subnet).build()).build())
                .build();
    }

    private static FleetRequests.TemplateGroup group(String name, int types, String... zones) {
        Map<InstanceType, List<String>> byType = new LinkedHashMap<>();
        for (int i = 0; i < types; i++) {
            byType.put(Ec2Fixtures.type(name.equals("lt-1") ? "t" + i + ".large" : "u" + i + ".large", 0.1, 0.05, zones), List.of(zones));
        }
        return new FleetRequests.TemplateGroup(name, byType);
    }
}
