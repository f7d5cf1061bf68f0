package dev.spotter.config;

/** Instance metadata options; Karpenter's defaults require IMDSv2 with a hop limit of 1. */
public record MetadataOptions(String httpEndpoint, String httpProtocolIpv6, int httpPutResponseHopLimit, String httpTokens) {
    public static final MetadataOptions DEFAULT = new MetadataOptions("enabled", "disabled", 1, "required");
}
