package dev.spotter.adapters.ec2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.spotter.config.BlockDeviceMapping;
import dev.spotter.config.MetadataOptions;
import software.amazon.awssdk.services.ec2.model.CapacityReservationTarget;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateCapacityReservationSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplatePlacementRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateEbsBlockDeviceRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateIamInstanceProfileSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceNetworkInterfaceSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplatesMonitoringRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Everything a launch template holds. Its name is a hash of that content, so equal content shares one template and
 * changed content (a new AMI, new user data) gets a new one; nothing per NodeClaim is in here. A placement group
 * (name or id) goes in the template's placement; a reserved launch gets one template per reservation, targeting it
 * (and with the capacity-block market type for a Capacity Block), as Karpenter's launch templates do.
 */
record LaunchTemplateSpec(
        String cluster,
        String nodePool,
        String nodeClass,
        String capacityType,
        String imageId,
        String userData,
        String instanceProfile,
        List<String> securityGroupIds,
        List<BlockDeviceMapping> blockDevices,
        MetadataOptions metadataOptions,
        boolean detailedMonitoring,
        Boolean associatePublicIpAddress,
        Map<String, String> tags,
        String placementGroupName,
        String placementGroupId,
        String capacityReservationId,
        boolean capacityBlock) {

    LaunchTemplateSpec(String cluster, String nodePool, String nodeClass, String capacityType, String imageId, String userData,
                       String instanceProfile, List<String> securityGroupIds, List<BlockDeviceMapping> blockDevices,
                       MetadataOptions metadataOptions, boolean detailedMonitoring, Boolean associatePublicIpAddress,
                       Map<String, String> tags) {
        this(cluster, nodePool, nodeClass, capacityType, imageId, userData, instanceProfile, securityGroupIds, blockDevices,
                metadataOptions, detailedMonitoring, associatePublicIpAddress, tags, "", "", "", false);
    }

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final long GIB = 1L << 30;

    LaunchTemplateSpec {
        securityGroupIds = List.copyOf(securityGroupIds);
        blockDevices = List.copyOf(blockDevices);
        tags = Map.copyOf(tags);
        placementGroupName = placementGroupName == null ? "" : placementGroupName;
        placementGroupId = placementGroupId == null ? "" : placementGroupId;
        capacityReservationId = capacityReservationId == null ? "" : capacityReservationId;
    }

    /** spotter/&lt;cluster&gt;/&lt;first 16 hex digits of the content's SHA-256&gt;. */
    String name() {
        return "spotter/" + cluster + "/" + HexFormat.of().formatHex(sha256()).substring(0, 16);
    }

    private byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(this));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot hash launch template content", e);
        }
    }

    RequestLaunchTemplateData toData() {
        RequestLaunchTemplateData.Builder data = RequestLaunchTemplateData.builder()
                .imageId(imageId)
                .userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)))
                .iamInstanceProfile(LaunchTemplateIamInstanceProfileSpecificationRequest.builder().name(instanceProfile).build())
                .monitoring(LaunchTemplatesMonitoringRequest.builder().enabled(detailedMonitoring).build())
                .metadataOptions(LaunchTemplateInstanceMetadataOptionsRequest.builder()
                        .httpEndpoint(metadataOptions.httpEndpoint())
                        .httpProtocolIpv6(metadataOptions.httpProtocolIpv6())
                        .httpPutResponseHopLimit(metadataOptions.httpPutResponseHopLimit())
                        .httpTokens(metadataOptions.httpTokens())
                        .build())
                .blockDeviceMappings(blockDevices.stream().map(LaunchTemplateSpec::blockDevice).toList());
        if (!placementGroupId.isEmpty()) {
            data.placement(LaunchTemplatePlacementRequest.builder().groupId(placementGroupId).build());
        } else if (!placementGroupName.isEmpty()) {
            data.placement(LaunchTemplatePlacementRequest.builder().groupName(placementGroupName).build());
        }
        if (!capacityReservationId.isEmpty()) {
            // a reserved launch targets its reservation; a Capacity Block is bought with the capacity-block market type
            data.capacityReservationSpecification(LaunchTemplateCapacityReservationSpecificationRequest.builder()
                    .capacityReservationTarget(CapacityReservationTarget.builder().capacityReservationId(capacityReservationId).build())
                    .build());
            if (capacityBlock) {
                data.instanceMarketOptions(LaunchTemplateInstanceMarketOptionsRequest.builder().marketType(MarketType.CAPACITY_BLOCK).build());
            }
        }
        if (associatePublicIpAddress == null) {
            data.securityGroupIds(securityGroupIds);
        } else {
            // the public-address switch exists only on a network interface, which then carries the groups
            data.networkInterfaces(LaunchTemplateInstanceNetworkInterfaceSpecificationRequest.builder()
                    .deviceIndex(0).associatePublicIpAddress(associatePublicIpAddress).groups(securityGroupIds).build());
        }
        return data.build();
    }

    private static LaunchTemplateBlockDeviceMappingRequest blockDevice(BlockDeviceMapping mapping) {
        LaunchTemplateEbsBlockDeviceRequest.Builder ebs = LaunchTemplateEbsBlockDeviceRequest.builder()
                .encrypted(mapping.encrypted())
                .deleteOnTermination(mapping.deleteOnTermination());
        if (mapping.volumeSizeBytes() > 0) {
            ebs.volumeSize((int) ((mapping.volumeSizeBytes() + GIB - 1) / GIB));
        }
        if (!mapping.volumeType().isEmpty()) {
            ebs.volumeType(mapping.volumeType());
        }
        if (mapping.iops() > 0) {
            ebs.iops(mapping.iops());
        }
        if (mapping.throughput() > 0) {
            ebs.throughput(mapping.throughput());
        }
        if (!mapping.kmsKeyId().isEmpty()) {
            ebs.kmsKeyId(mapping.kmsKeyId());
        }
        if (!mapping.snapshotId().isEmpty()) {
            ebs.snapshotId(mapping.snapshotId());
        }
        return LaunchTemplateBlockDeviceMappingRequest.builder().deviceName(mapping.deviceName()).ebs(ebs.build()).build();
    }
}
