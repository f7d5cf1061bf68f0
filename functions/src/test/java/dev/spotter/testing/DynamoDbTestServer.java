package dev.spotter.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;

/**
 * The DynamoDB endpoint tests talk to, started once per JVM.
 *
 * <p>When {@code AWS_ENDPOINT_URL_DYNAMODB} is set (LocalStack or a real account) the client goes there with the
 * default credential chain; otherwise Amazon DynamoDB Local runs in this JVM as an HTTP server on a free port with
 * {@code -inMemory}, and the client uses dummy credentials. The endpoint is always set explicitly because the test
 * script exports {@code AWS_ENDPOINT_URL} (moto) for the other services.
 *
 * <p>Usage: {@code DynamoDbClient dynamo = DynamoDbTestServer.client();} and create tables named
 * {@code TestAws.uniqueName("claims")}; delete them when done if running against a real account.
 */
public final class DynamoDbTestServer {
    public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_DYNAMODB";

    private static URI uri;
    private static DynamoDbClient client;

    private DynamoDbTestServer() {
    }

    /** A client for the shared endpoint; every call returns the same client (do not close it). */
    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    /** The endpoint URI the clients talk to; starts DynamoDB Local on first use. */
    public static synchronized URI endpointUri() {
        if (uri == null) {
            String external = TestAws.externalEndpoint(ENDPOINT_VARIABLE);
            uri = external != null ? URI.create(external) : startEmbedded();
        }
        return uri;
    }

    /** True when DynamoDB Local runs in this JVM (no external endpoint configured). */
    public static boolean isEmbedded() {
        return TestAws.externalEndpoint(ENDPOINT_VARIABLE) == null;
    }

    /** A new client for the same endpoint (the caller closes it), e.g. one per racing thread. */
    public static DynamoDbClient newClient() {
        return DynamoDbClient.builder()
                .endpointOverride(endpointUri())
                .region(TestAws.region())
                .credentialsProvider(isEmbedded() ? TestAws.dummyCredentials() : TestAws.defaultCredentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static URI startEmbedded() {
        // A port another process grabs between probing and binding makes start() fail: try a few.
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = TestAws.freePort();
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(server), "dynamodb-local-stop"));
                return URI.create("http://127.0.0.1:" + port);
            } catch (Exception e) {
                last = new IllegalStateException("DynamoDB Local did not start on port " + port, e);
            }
        }
        throw last;
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // The JVM is exiting; nothing to clean up further.
        }
    }
}
