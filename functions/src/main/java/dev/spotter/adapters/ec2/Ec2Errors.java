package dev.spotter.adapters.ec2;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.util.Set;

/** EC2 error codes Spotter acts on, after Karpenter's pkg/errors. */
final class Ec2Errors {
    /** Capacity is temporarily not to be had for an offering: mark it unavailable and try others. */
    static final Set<String> UNFULFILLABLE_CAPACITY = Set.of(
            "InsufficientInstanceCapacity",
            "MaxSpotInstanceCountExceeded",
            "VcpuLimitExceeded",
            "UnfulfillableCapacity",
            "Unsupported",
            "InsufficientFreeAddressesInSubnet",
            "ReservationCapacityExceeded",
            "SpotMaxPriceTooLow");
    static final String FREE_ADDRESSES_IN_SUBNET = "InsufficientFreeAddressesInSubnet";
    static final Set<String> INSTANCE_NOT_FOUND = Set.of("InvalidInstanceID.NotFound");
    static final Set<String> LAUNCH_TEMPLATE_NOT_FOUND = Set.of(
            "InvalidLaunchTemplateName.NotFoundException", "InvalidLaunchTemplateId.NotFound");

    private Ec2Errors() {
    }

    static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }
}
