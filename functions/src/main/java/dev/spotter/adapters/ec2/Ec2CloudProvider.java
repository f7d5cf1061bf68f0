package dev.spotter.adapters.ec2;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.CloudOperationException;
import dev.spotter.cloud.CloudProvider;
import dev.spotter.cloud.InstanceState;
import dev.spotter.cloud.InsufficientCapacityException;
import dev.spotter.cloud.LaunchFailedException;
import dev.spotter.cloud.LaunchRequest;
import dev.spotter.cloud.LaunchResult;
import dev.spotter.cloud.NodeClassNotReadyException;
import dev.spotter.config.AmiFamily;
import dev.spotter.config.BlockDeviceMapping;
import dev.spotter.config.CapacityReservation;
import dev.spotter.config.MetadataOptions;
import dev.spotter.config.NodeClass;
import dev.spotter.config.PlacementGroup;
import dev.spotter.model.Resources;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The EC2 implementation of Spotter's CloudProvider port: resolves the EC2NodeClass (subnets, security groups, AMIs),
 * ensures content-named launch templates, launches one NodeClaim with an instant CreateFleet and turns EC2's answers
 * into the port's typed errors.
 */
public final class Ec2CloudProvider implements CloudProvider {
    private static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped", "shutting-down");

    private final Ec2Client ec2;
    private final SubnetResolver subnets;
    private final SecurityGroupResolver securityGroups;
    private final AmiResolver amis;
    private final LaunchTemplates launchTemplates;
    private final CapacityReservationResolver reservations;
    private final PlacementGroupResolver placementGroups;

    public Ec2CloudProvider(Ec2Client ec2, SsmClient ssm) {
        this(ec2, ssm, AmiResolver.PUBLIC_PARAMETER_ROOT);
    }

    /** @param publicParameterRoot where the public AMI parameters live: /aws/service, or a copy on an emulator */
    public Ec2CloudProvider(Ec2Client ec2, SsmClient ssm, String publicParameterRoot) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.subnets = new SubnetResolver(ec2);
        this.securityGroups = new SecurityGroupResolver(ec2);
        this.amis = new AmiResolver(ec2, Objects.requireNonNull(ssm, "ssm"), publicParameterRoot);
        this.launchTemplates = new LaunchTemplates(ec2);
        this.reservations = new CapacityReservationResolver(ec2);
        this.placementGroups = new PlacementGroupResolver(ec2);
    }

    @Override
    public List<CapacityReservation> capacityReservations(NodeClass nodeClass) {
        if (nodeClass.capacityReservationSelectorTerms().isEmpty()) {
            return List.of();
        }
        try {
            return reservations.resolve(nodeClass);
        } catch (SdkException e) {
            throw new CloudOperationException("resolving the capacity reservations of EC2NodeClass " + nodeClass.name()
                    + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<PlacementGroup> placementGroup(NodeClass nodeClass) {
        try {
            return placementGroups.resolve(nodeClass);
        } catch (SdkException e) {
            throw new CloudOperationException("resolving the placement group of EC2NodeClass " + nodeClass.name()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** A provider on clients from the default chains (Lambda's role, region and AWS_ENDPOINT_URL). */
    public static Ec2CloudProvider create() {
        return new Ec2CloudProvider(AwsClients.ec2(), AwsClients.ssm());
    }

    @Override
    public Set<String> zones(NodeClass nodeClass) {
        try {
            return Set.copyOf(SubnetResolver.zonal(subnets.resolve(nodeClass)).keySet());
        } catch (SdkException e) {
            throw new CloudOperationException("resolving the subnets of EC2NodeClass " + nodeClass.name() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public LaunchResult launch(LaunchRequest request) {
        try {
            return launchOnce(request);
        } catch (LaunchTemplateGoneException e) {
            // a template deleted behind our back: forget it and create it again, once (as Karpenter does)
            e.names.forEach(launchTemplates::forget);
            return launchOnce(request);
        }
    }

    private LaunchResult launchOnce(LaunchRequest request) {
        Prepared prepared = prepare(request, request.launchableInstanceTypes());
        CreateFleetRequest fleet = FleetRequests.build(request.claim().name(), request.clientToken(), request.capacityType(),
                prepared.groups(), prepared.subnetByZone(), prepared.tags(request.claim().name()));
        return launched(request, fleet, createFleet(fleet, prepared.groups()), FleetRequests.zoneBySubnet(prepared.subnetByZone()));
    }

    /** What a fleet needs: the subnets by zone, the launch template groups, and the instance tags' inputs. */
    private record Prepared(LaunchRequest request, Map<String, Subnet> subnetByZone, List<FleetRequests.TemplateGroup> groups) {
        Map<String, String> tags(String claimName) {
            NodeClass nodeClass = request.nodeClass();
            return Ec2Tags.instanceTags(request.cluster().name(), request.nodePool().name(), claimName, nodeClass.name(),
                    nodeClass.tags());
        }
    }

    private Prepared prepare(LaunchRequest request, List<InstanceType> candidates) {
        NodeClass nodeClass = request.nodeClass();
        Map<String, Subnet> subnetByZone = SubnetResolver.zonal(call(() -> subnets.resolve(nodeClass), "resolving subnets"));
        if (subnetByZone.isEmpty()) {
            throw new NodeClassNotReadyException("EC2NodeClass " + nodeClass.name() + ": no subnet matches its subnetSelectorTerms");
        }
        List<String> groupIds = call(() -> securityGroups.resolve(nodeClass), "resolving security groups");
        if (groupIds.isEmpty()) {
            throw new NodeClassNotReadyException("EC2NodeClass " + nodeClass.name() + ": no security group matches its securityGroupSelectorTerms");
        }
        Map<InstanceType, List<String>> zonesByType = new LinkedHashMap<>();
        Optional<Offering> reservation = request.reservation();
        for (InstanceType type : candidates) {
            if (reservation.isPresent() && type.offerings().stream().noneMatch(o -> o.reservationId().equals(reservation.get().reservationId()))) {
                continue;
            }
            List<String> zones = request.launchableZones(type).stream().filter(subnetByZone::containsKey)
                    .filter(zone -> reservation.isEmpty() || zone.equals(reservation.get().zone())).toList();
            if (!zones.isEmpty()) {
                zonesByType.put(type, zones);
            }
        }
        if (zonesByType.isEmpty()) {
            throw new InsufficientCapacityException("no offering of NodeClaim " + request.claim().name()
                    + " is in a zone with a subnet of EC2NodeClass " + nodeClass.name() + " (subnet zones " + subnetByZone.keySet() + ")",
                    Set.copyOf(request.offerings()));
        }
        AmiResolver.Resolution images = call(() -> amis.resolve(nodeClass, request.cluster(),
                zonesByType.keySet().stream().map(InstanceType::spec).toList()), "resolving AMIs");
        List<FleetRequests.TemplateGroup> groups = templateGroups(request, images, groupIds, zonesByType);
        if (groups.isEmpty()) {
            throw new NodeClassNotReadyException("EC2NodeClass " + nodeClass.name() + ": no AMI fits any instance type of NodeClaim "
                    + request.claim().name() + " (" + zonesByType.keySet().stream().map(InstanceType::name).toList() + ")");
        }
        return new Prepared(request, subnetByZone, groups);
    }

    /**
     * A gang in one instant fleet: the candidate types every member can use, TotalTargetCapacity and MinTargetCapacity
     * both the member count, SingleAvailabilityZone, so EC2 launches all or none in one zone. Should the fleet still
     * come back short, what it launched is terminated at once and the gang fails with insufficient capacity naming the
     * offerings tried, so that they are marked unavailable and the gang is planned again elsewhere. Each instance is
     * then tagged with its member's NodeClaim name.
     */
    @Override
    public List<LaunchResult> launchGang(List<LaunchRequest> members) {
        if (members.size() == 1) {
            return List.of(launch(members.get(0)));
        }
        LaunchRequest first = members.get(0);
        List<InstanceType> shared = first.launchableInstanceTypes().stream()
                .filter(type -> members.stream().allMatch(m -> m.launchableInstanceTypes().stream().anyMatch(t -> t.name().equals(type.name()))))
                .toList();
        if (shared.isEmpty()) {
            throw new InsufficientCapacityException("the " + members.size() + " NodeClaims of gang " + first.claim().name()
                    + " share no launchable instance type", Set.copyOf(first.offerings()));
        }
        Prepared prepared = prepare(first, shared);
        String gangName = "gang-" + first.claim().name();
        CreateFleetRequest fleet = FleetRequests.gang(FleetRequests.build(gangName, first.clientToken(), first.capacityType(), prepared.groups(),
                prepared.subnetByZone(), prepared.tags(first.claim().name())), members.size());
        CreateFleetResponse response = createFleet(fleet, prepared.groups());
        Map<String, String> zoneBySubnet = FleetRequests.zoneBySubnet(prepared.subnetByZone());
        List<OfferingKey> requested = requestedOfferings(first, fleet, zoneBySubnet);
        FleetErrors.Classified errors = FleetErrors.classify(response.errors(), first.capacityType(), requested, zoneBySubnet);
        List<CreateFleetInstance> batches = response.instances().stream()
                .filter(candidate -> candidate.instanceIds() != null && !candidate.instanceIds().isEmpty()).toList();
        List<String> instanceIds = batches.stream().flatMap(batch -> batch.instanceIds().stream()).toList();
        if (instanceIds.size() < members.size()) {
            instanceIds.forEach(this::terminate);
            Set<OfferingKey> unavailable = errors.unavailable().isEmpty() ? Set.copyOf(requested) : errors.unavailable();
            throw new InsufficientCapacityException("CreateFleet launched " + instanceIds.size() + " of the " + members.size()
                    + " instances of gang " + first.claim().name() + " (terminated): "
                    + (response.errors().isEmpty() ? "no error reported" : String.join("; ", describe(response))), unavailable);
        }
        List<LaunchResult> results = new ArrayList<>();
        int index = 0;
        for (CreateFleetInstance batch : batches) {
            for (String instanceId : batch.instanceIds()) {
                if (index < members.size()) {
                    LaunchRequest member = members.get(index++);
                    tagClaim(instanceId, member);
                    results.add(result(member, batch, instanceId, zoneBySubnet, errors.unavailable()));
                } else {
                    terminate(instanceId);
                }
            }
        }
        return results;
    }

    private void tagClaim(String instanceId, LaunchRequest member) {
        String claim = member.claim().name();
        call(() -> ec2.createTags(request -> request.resources(instanceId).tags(Ec2Tags.toTags(Map.of(
                dev.spotter.model.WellKnownLabels.NODECLAIM, claim,
                Ec2Tags.NAME, member.nodePool().name() + "/" + claim)))), "tagging gang instance " + instanceId);
    }

    private List<FleetRequests.TemplateGroup> templateGroups(LaunchRequest request, AmiResolver.Resolution images,
                                                             List<String> groupIds, Map<InstanceType, List<String>> zonesByType) {
        record Key(String image, int maxPods) {
        }
        Map<Key, Map<InstanceType, List<String>>> byTemplate = new LinkedHashMap<>();
        zonesByType.forEach((type, zones) -> {
            String image = images.imageByType().get(type.name());
            if (image != null) {
                byTemplate.computeIfAbsent(new Key(image, maxPods(request.nodeClass(), type)), key -> new LinkedHashMap<>()).put(type, zones);
            }
        });
        List<FleetRequests.TemplateGroup> groups = new ArrayList<>();
        byTemplate.forEach((key, types) -> {
            LaunchTemplateSpec spec = templateSpec(request, images.family(), key.image(), key.maxPods(), groupIds);
            String name = call(() -> launchTemplates.ensure(spec), "creating launch template");
            groups.add(new FleetRequests.TemplateGroup(name, types));
        });
        return groups;
    }

    /** The type's pod capacity as the catalog computed it, else the EC2NodeClass's maxPods, else the ENI limit. */
    static int maxPods(NodeClass nodeClass, InstanceType type) {
        long pods = type.capacity().get(Resources.PODS);
        if (pods > 0) {
            return (int) pods;
        }
        return nodeClass.kubelet().maxPods() > 0 ? nodeClass.kubelet().maxPods() : type.spec().maxPodsEni();
    }

    private static LaunchTemplateSpec templateSpec(LaunchRequest request, AmiFamily family, String image, int maxPods, List<String> groupIds) {
        NodeClass nodeClass = request.nodeClass();
        Optional<Offering> reservation = request.reservation();
        Map<String, String> labels = new java.util.TreeMap<>(NodeLabels.labels(request.nodePool(), nodeClass.name(), request.capacityType()));
        reservation.ifPresent(offering -> {
            labels.put(NodeLabels.CAPACITY_RESERVATION_ID, offering.reservationId());
            labels.put(NodeLabels.CAPACITY_RESERVATION_TYPE, offering.reservationType());
        });
        BootstrapOptions bootstrap = new BootstrapOptions(request.cluster(), labels,
                NodeLabels.taints(request.nodePool()), nodeClass.kubelet(), maxPods, nodeClass.userData());
        String userData;
        try {
            userData = switch (family) {
                case AL2023 -> NodeadmUserData.render(bootstrap);
                case BOTTLEROCKET -> BottlerocketUserData.render(bootstrap);
                case CUSTOM -> nodeClass.userData();
                case AL2, WINDOWS2019, WINDOWS2022 -> throw new NodeClassNotReadyException("EC2NodeClass " + nodeClass.name()
                        + ": amiFamily " + family.yamlName() + " is not supported by Spotter (supported: AL2023, Bottlerocket, Custom)");
            };
        } catch (IllegalArgumentException e) {
            throw new NodeClassNotReadyException("EC2NodeClass " + nodeClass.name() + ": " + e.getMessage(), e);
        }
        List<BlockDeviceMapping> blockDevices = nodeClass.blockDeviceMappings().isEmpty()
                ? family.defaultBlockDevices() : nodeClass.blockDeviceMappings();
        return new LaunchTemplateSpec(request.cluster().name(), request.nodePool().name(), nodeClass.name(),
                request.capacityType().label(), image, userData, instanceProfile(nodeClass), groupIds, blockDevices,
                nodeClass.metadataOptions() == null ? MetadataOptions.DEFAULT : nodeClass.metadataOptions(),
                nodeClass.detailedMonitoring(), nodeClass.associatePublicIpAddress(),
                Ec2Tags.launchTemplateTags(request.cluster().name(), request.nodePool().name(), nodeClass.name(), nodeClass.tags()),
                nodeClass.placementGroupSelector().name(), nodeClass.placementGroupSelector().id(),
                reservation.map(Offering::reservationId).orElse(""),
                reservation.map(o -> o.reservationType().equals(CapacityReservation.Type.CAPACITY_BLOCK.label())).orElse(false));
    }

    /**
     * spec.instanceProfile, else an instance profile named like spec.role: Spotter creates no IAM resources at run
     * time, so a role-based EC2NodeClass needs that profile to exist (the CDK app or the IAM console makes it).
     */
    static String instanceProfile(NodeClass nodeClass) {
        if (!nodeClass.instanceProfile().isEmpty()) {
            return nodeClass.instanceProfile();
        }
        if (!nodeClass.role().isEmpty()) {
            return nodeClass.role();
        }
        throw new NodeClassNotReadyException("EC2NodeClass " + nodeClass.name() + " names neither a role nor an instanceProfile");
    }

    private CreateFleetResponse createFleet(CreateFleetRequest fleet, List<FleetRequests.TemplateGroup> groups) {
        try {
            return ec2.createFleet(fleet);
        } catch (Ec2Exception e) {
            String code = Ec2Errors.code(e);
            if (Ec2Errors.LAUNCH_TEMPLATE_NOT_FOUND.contains(code)) {
                throw new LaunchTemplateGoneException(groups.stream().map(FleetRequests.TemplateGroup::launchTemplateName).toList(), e);
            }
            if (Ec2Errors.UNFULFILLABLE_CAPACITY.contains(code)) {
                throw new InsufficientCapacityException("CreateFleet: " + code + ": " + e.awsErrorDetails().errorMessage(), Set.of(), e);
            }
            throw new LaunchFailedException(code, "CreateFleet failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new LaunchFailedException("ClientError", "CreateFleet failed: " + e.getMessage(), e);
        }
    }

    private static LaunchResult launched(LaunchRequest request, CreateFleetRequest fleet, CreateFleetResponse response,
                                         Map<String, String> zoneBySubnet) {
        List<OfferingKey> requested = requestedOfferings(request, fleet, zoneBySubnet);
        FleetErrors.Classified errors = FleetErrors.classify(response.errors(), request.capacityType(), requested, zoneBySubnet);
        Optional<CreateFleetInstance> instance = response.instances().stream()
                .filter(candidate -> candidate.instanceIds() != null && !candidate.instanceIds().isEmpty()).findFirst();
        if (instance.isPresent()) {
            return result(request, instance.get(), instance.get().instanceIds().get(0), zoneBySubnet, errors.unavailable());
        }
        String message = "CreateFleet launched no instance for NodeClaim " + request.claim().name() + ": "
                + (response.errors().isEmpty() ? "no error reported" : String.join("; ", describe(response)));
        if (errors.onlyCapacity()) {
            throw new InsufficientCapacityException(message, errors.unavailable());
        }
        String reason = response.errors().stream().map(error -> error.errorCode())
                .filter(code -> code != null && !Ec2Errors.UNFULFILLABLE_CAPACITY.contains(code)).findFirst().orElse("LaunchFailed");
        throw new LaunchFailedException(reason, message, errors.unavailable(), null);
    }

    private static LaunchResult result(LaunchRequest request, CreateFleetInstance launched, String instanceId,
                                       Map<String, String> zoneBySubnet, Set<OfferingKey> unavailable) {
        String type = launched.instanceTypeAsString();
        FleetLaunchTemplateOverrides override = launched.launchTemplateAndOverrides() == null
                ? null : launched.launchTemplateAndOverrides().overrides();
        String zone = override == null ? "" : override.availabilityZone() != null ? override.availabilityZone()
                : zoneBySubnet.getOrDefault(override.subnetId(), "");
        CapacityType capacityType = launched.lifecycle() == null ? request.capacityType()
                : "spot".equals(launched.lifecycleAsString()) ? CapacityType.SPOT
                : request.capacityType() == CapacityType.RESERVED ? CapacityType.RESERVED : CapacityType.ON_DEMAND;
        double price = request.offering(type, zone, capacityType).map(offering -> offering.pricePerHour()).orElse(Double.NaN);
        String reservationId = capacityType == CapacityType.RESERVED
                ? request.reservation().map(Offering::reservationId).orElse("") : "";
        return new LaunchResult(instanceId, type, zone, capacityType, price, unavailable, reservationId);
    }

    private static List<String> describe(CreateFleetResponse response) {
        Set<String> lines = new LinkedHashSet<>();
        response.errors().forEach(error -> lines.add(error.errorCode() + ": " + error.errorMessage()));
        return List.copyOf(lines);
    }

    private static List<OfferingKey> requestedOfferings(LaunchRequest request, CreateFleetRequest fleet, Map<String, String> zoneBySubnet) {
        List<OfferingKey> keys = new ArrayList<>();
        fleet.launchTemplateConfigs().forEach(config -> config.overrides().forEach(override -> keys.add(new OfferingKey(
                request.capacityType(), override.instanceTypeAsString(),
                override.availabilityZone() != null ? override.availabilityZone() : zoneBySubnet.get(override.subnetId())))));
        return keys;
    }

    @Override
    public void terminate(String instanceId) {
        try {
            ec2.terminateInstances(request -> request.instanceIds(instanceId));
        } catch (Ec2Exception e) {
            if (Ec2Errors.INSTANCE_NOT_FOUND.contains(Ec2Errors.code(e))) {
                return;
            }
            throw new CloudOperationException("terminating " + instanceId + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new CloudOperationException("terminating " + instanceId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<CloudInstance> listClusterInstances(String cluster) {
        DescribeInstancesRequest request = DescribeInstancesRequest.builder().filters(
                SelectorFilters.filter("tag:" + Ec2Tags.clusterOwnershipKey(cluster), "owned"),
                SelectorFilters.filter("tag:" + Ec2Tags.MANAGED_BY, Ec2Tags.MANAGED_BY_VALUE),
                SelectorFilters.filter("instance-state-name", LIVE_STATES.toArray(String[]::new))).build();
        try {
            return ec2.describeInstancesPaginator(request).reservations().stream()
                    .flatMap(reservation -> reservation.instances().stream()).map(Ec2CloudProvider::toCloudInstance).toList();
        } catch (SdkException e) {
            throw new CloudOperationException("listing the instances of cluster " + cluster + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<CloudInstance> describe(String instanceId) {
        try {
            return ec2.describeInstances(request -> request.instanceIds(instanceId)).reservations().stream()
                    .flatMap(reservation -> reservation.instances().stream()).findFirst().map(Ec2CloudProvider::toCloudInstance);
        } catch (Ec2Exception e) {
            if (Ec2Errors.INSTANCE_NOT_FOUND.contains(Ec2Errors.code(e))) {
                return Optional.empty();
            }
            throw new CloudOperationException("describing " + instanceId + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new CloudOperationException("describing " + instanceId + " failed: " + e.getMessage(), e);
        }
    }

    static CloudInstance toCloudInstance(Instance instance) {
        return new CloudInstance(instance.instanceId(), instance.instanceTypeAsString(),
                instance.placement() == null ? "" : instance.placement().availabilityZone(),
                instance.instanceLifecycle() == InstanceLifecycleType.SPOT ? CapacityType.SPOT : CapacityType.ON_DEMAND,
                InstanceState.fromEc2(instance.state().nameAsString()), instance.launchTime(), instance.privateDnsName(),
                SubnetResolver.tags(instance.tags()));
    }

    private static <T> T call(java.util.function.Supplier<T> action, String what) {
        try {
            return action.get();
        } catch (Ec2Exception e) {
            throw new LaunchFailedException(Ec2Errors.code(e), what + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new LaunchFailedException("ClientError", what + " failed: " + e.getMessage(), e);
        }
    }

    /** CreateFleet named a launch template EC2 no longer has. */
    private static final class LaunchTemplateGoneException extends RuntimeException {
        private final List<String> names;

        LaunchTemplateGoneException(List<String> names, Throwable cause) {
            super("launch templates not found: " + names, cause);
            this.names = names;
        }
    }
}
