package dev.spotter.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;

/** Shared bits of the test servers: unique resource names, free ports, credentials and region. */
public final class TestAws {
    private TestAws() {
    }

    /** A name no other test in this JVM (or a parallel run against a shared account) will use: prefix-8 hex chars. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The region tests use: AWS_REGION when set (real account / LocalStack), else us-east-1. */
    public static Region region() {
        String configured = System.getenv("AWS_REGION");
        return configured == null || configured.isBlank() ? Region.US_EAST_1 : Region.of(configured);
    }

    /** Credentials for an embedded server: any static pair will do, they are never checked. */
    static AwsCredentialsProvider dummyCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    /** Credentials for an external endpoint (LocalStack or a real account): the default chain. */
    static AwsCredentialsProvider defaultCredentials() {
        return DefaultCredentialsProvider.builder().build();
    }

    static String externalEndpoint(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? null : value;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for a test server", e);
        }
    }
}
