package dev.spotter.testing;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.Map;

/**
 * The SQS endpoint tests talk to, started once per JVM.
 *
 * <p>When {@code AWS_ENDPOINT_URL_SQS} is set (LocalStack or a real account) the client goes there with the default
 * credential chain; otherwise ElasticMQ runs in this JVM on a free port and the client uses dummy credentials.
 *
 * <p>Usage: {@code String url = SqsTestServer.createQueue("events");} then {@code SqsTestServer.client()}.
 */
public final class SqsTestServer {
    public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_SQS";

    private static URI uri;
    private static SqsClient client;

    private SqsTestServer() {
    }

    /** A client for the shared endpoint; every call returns the same client. */
    public static synchronized SqsClient client() {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    public static synchronized URI endpointUri() {
        if (uri == null) {
            String external = TestAws.externalEndpoint(ENDPOINT_VARIABLE);
            uri = external != null ? URI.create(external) : startEmbedded();
        }
        return uri;
    }

    public static boolean isEmbedded() {
        return TestAws.externalEndpoint(ENDPOINT_VARIABLE) == null;
    }

    /** A new client for the same endpoint (the caller closes it). */
    public static SqsClient newClient() {
        return SqsClient.builder()
                .endpointOverride(endpointUri())
                .region(TestAws.region())
                .credentialsProvider(isEmbedded() ? TestAws.dummyCredentials() : TestAws.defaultCredentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Creates a standard queue with a unique name starting with {@code prefix}; returns its URL. */
    public static String createQueue(String prefix) {
        return createQueue(prefix, Map.of());
    }

    /** Creates a standard queue with a unique name and the given attributes; returns its URL. */
    public static String createQueue(String prefix, Map<QueueAttributeName, String> attributes) {
        return client().createQueue(b -> b.queueName(TestAws.uniqueName(prefix)).attributes(attributes)).queueUrl();
    }

    /** The ARN of a queue, e.g. for another queue's RedrivePolicy. */
    public static String queueArn(String queueUrl) {
        return client().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static URI startEmbedded() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = TestAws.freePort();
            try {
                // The node address makes the queue URLs ElasticMQ hands out point at the port it really listens on.
                SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                        .withPort(port)
                        .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                        .withAWSRegion(TestAws.region().id())
                        .start();
                server.waitUntilStarted();
                Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndWait, "elasticmq-stop"));
                return URI.create("http://127.0.0.1:" + port);
            } catch (RuntimeException e) {
                last = new IllegalStateException("ElasticMQ did not start on port " + port, e);
            }
        }
        throw last;
    }
}
