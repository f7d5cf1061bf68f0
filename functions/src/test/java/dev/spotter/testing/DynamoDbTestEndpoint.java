package dev.spotter.testing;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;

/**
 * The DynamoDB endpoint tests talk to: {@code AWS_ENDPOINT_URL_DYNAMODB} when set, else {@code AWS_ENDPOINT_URL}.
 * scripts/test-all.sh points {@code AWS_ENDPOINT_URL} at moto's server; LocalStack or a real account work the same
 * way (docs/e2e-tests.md). Credentials come from the default chain (the test script exports moto's dummy pair).
 *
 * <p>Usage: {@code DynamoDbClient dynamo = DynamoDbTestEndpoint.client();} and create tables named
 * {@code TestAws.uniqueName("claims")}; delete them when done if running against a real account.
 */
public final class DynamoDbTestEndpoint {
    public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String GENERAL_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";

    private static DynamoDbClient client;

    private DynamoDbTestEndpoint() {
    }

    /** A client for the shared endpoint; every call returns the same client (do not close it). */
    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    /** The endpoint the clients talk to; fails naming the variables when neither is set. */
    public static URI endpointUri() {
        String specific = TestAws.externalEndpoint(ENDPOINT_VARIABLE);
        String general = TestAws.externalEndpoint(GENERAL_ENDPOINT_VARIABLE);
        if (specific == null && general == null) {
            throw new IllegalStateException("no DynamoDB endpoint for the tests: set " + ENDPOINT_VARIABLE + " or "
                    + GENERAL_ENDPOINT_VARIABLE + " (scripts/test-all.sh starts moto's server and sets the latter)");
        }
        return URI.create(specific != null ? specific : general);
    }

    /** A new client for the same endpoint (the caller closes it), e.g. one per racing thread. */
    public static DynamoDbClient newClient() {
        return DynamoDbClient.builder()
                .endpointOverride(endpointUri())
                .region(TestAws.region())
                .credentialsProvider(TestAws.defaultCredentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
