package dev.spotter.interruption;

/**
 * Names the shape of an EventBridge event: parsers are registered under the key of the events they understand.
 * Matching is exact, as EventBridge values are fixed strings (e.g. source {@code aws.ec2}, version {@code 0}).
 */
public record EventKey(String source, String detailType, String version) {
    public EventKey {
        source = source == null ? "" : source;
        detailType = detailType == null ? "" : detailType;
        version = version == null ? "" : version;
    }

    @Override
    public String toString() {
        return source + "/" + detailType + "/v" + version;
    }
}
