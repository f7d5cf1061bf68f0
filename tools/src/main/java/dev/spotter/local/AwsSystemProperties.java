package dev.spotter.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hands the AWS settings of an environment file to the AWS SDK. The SDK reads AWS_REGION, AWS_ENDPOINT_URL and the
 * credentials from the process environment, which a running JVM cannot change, and from the equivalent system
 * properties, which it can: while the scope is open those properties hold the file's values, and closing it puts
 * back what was there before (tests run several invocations in one JVM).
 */
final class AwsSystemProperties implements AutoCloseable {
    /** Environment variable to system property, as the SDK names them (SdkSystemSetting, each client's builder). */
    static final Map<String, String> PROPERTIES = Map.ofEntries(
            Map.entry("AWS_REGION", "aws.region"),
            Map.entry("AWS_ACCESS_KEY_ID", "aws.accessKeyId"),
            Map.entry("AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey"),
            Map.entry("AWS_SESSION_TOKEN", "aws.sessionToken"),
            Map.entry("AWS_ENDPOINT_URL", "aws.endpointUrl"),
            Map.entry("AWS_ENDPOINT_URL_DYNAMODB", "aws.endpointUrlDynamoDb"),
            Map.entry("AWS_ENDPOINT_URL_SQS", "aws.endpointUrlSqs"),
            Map.entry("AWS_ENDPOINT_URL_EC2", "aws.endpointUrlEc2"),
            Map.entry("AWS_ENDPOINT_URL_SSM", "aws.endpointUrlSsm"),
            Map.entry("AWS_ENDPOINT_URL_EKS", "aws.endpointUrlEks"),
            Map.entry("AWS_ENDPOINT_URL_STS", "aws.endpointUrlSts"),
            Map.entry("AWS_ENDPOINT_URL_PRICING", "aws.endpointUrlPricing"));

    private final Map<String, String> previous = new LinkedHashMap<>();

    private AwsSystemProperties() {
    }

    /**
     * Sets the properties for the AWS variables among {@code variables} (AWS_DEFAULT_REGION stands in for a missing
     * AWS_REGION). Returns the names of the variables it used, never their values: they include credentials.
     */
    static AwsSystemProperties apply(Map<String, String> variables, Set<String> applied) {
        AwsSystemProperties scope = new AwsSystemProperties();
        Map<String, String> aws = new LinkedHashMap<>(variables);
        if (!aws.containsKey("AWS_REGION") && aws.containsKey("AWS_DEFAULT_REGION")) {
            aws.put("AWS_REGION", aws.get("AWS_DEFAULT_REGION"));
        }
        for (String variable : new TreeSet<>(aws.keySet())) {
            String property = PROPERTIES.get(variable);
            String value = aws.get(variable);
            if (property != null && value != null && !value.isBlank()) {
                scope.previous.put(property, System.getProperty(property));
                System.setProperty(property, value.trim());
                applied.add(variable);
            }
        }
        return scope;
    }

    @Override
    public void close() {
        previous.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
        previous.clear();
    }
}
