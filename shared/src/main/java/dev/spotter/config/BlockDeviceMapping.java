package dev.spotter.config;

/**
 * An EC2NodeClass block device mapping. Sizes are bytes; unset numbers are 0, unset strings empty,
 * unset booleans null (EC2's default applies).
 */
public record BlockDeviceMapping(
        String deviceName,
        boolean rootVolume,
        long volumeSizeBytes,
        String volumeType,
        int iops,
        int throughput,
        Boolean encrypted,
        String kmsKeyId,
        Boolean deleteOnTermination,
        String snapshotId) {
}
