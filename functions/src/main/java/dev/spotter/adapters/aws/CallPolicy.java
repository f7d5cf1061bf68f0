package dev.spotter.adapters.aws;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one call site may wait on an AWS API, and how often it tries: the SDK's total call timeout (all attempts
 * and back-offs), its per-attempt timeout, and the standard retry strategy with a given number of attempts. Every SDK
 * client the functions build goes through {@link #build}, so none runs on the SDK's defaults (no call timeout at all,
 * and the HTTP client's long socket timeout). See docs/timeouts.md for why each call site has its figures.
 *
 * @param callSite       what the client is for, as the docs and errors name it
 * @param apiCallTimeout the longest one SDK call may take, retries included
 * @param attemptTimeout the longest one HTTP attempt may take
 * @param maxAttempts    attempts in all (1 = no retry)
 */
public record CallPolicy(String callSite, Duration apiCallTimeout, Duration attemptTimeout, int maxAttempts) {
    /** The longest the HTTP client waits for a TCP connection, capped by the attempt timeout. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * The webhook's SendMessage of the provisioning signal. The API server gives the webhook 3 s
     * (ClusterAccessManifests.WEBHOOK_TIMEOUT_SECONDS) and then ignores it; the signal must be sent or given up well
     * before that, leaving room for a cold start: 1.5 s in all, two attempts of at most 0.7 s.
     */
    public static final CallPolicy WEBHOOK_SIGNAL = new CallPolicy("webhook provisioning signal (SQS SendMessage)",
            Duration.ofMillis(1_500), Duration.ofMillis(700), 2);
    /** The controllers' SendMessage (a provisioning signal from the interruption handler): a lost one is not fatal. */
    public static final CallPolicy PROVISIONING_QUEUE = new CallPolicy("provisioning signal (SQS SendMessage)",
            Duration.ofSeconds(5), Duration.ofSeconds(2), 3);
    /** DynamoDB: NodeClaims, the lease, unavailable offerings, the catalog cache; single-item calls, quick or failed. */
    public static final CallPolicy STATE = new CallPolicy("state table (DynamoDB)",
            Duration.ofSeconds(10), Duration.ofSeconds(3), 3);
    /** The configuration object in SSM Parameter Store, read once per function instance. */
    public static final CallPolicy SETTINGS = new CallPolicy("configuration (SSM GetParameter)",
            Duration.ofSeconds(6), Duration.ofSeconds(2), 3);
    /**
     * EC2 and the public AMI parameters: CreateFleet (idempotent by its client token), Describe*, launch templates,
     * TerminateInstances. CreateFleet may take several seconds on a large request.
     */
    public static final CallPolicy EC2 = new CallPolicy("EC2 and AMI parameters (EC2, SSM GetParameter)",
            Duration.ofSeconds(30), Duration.ofSeconds(12), 3);
    /** DescribeCluster, once per function instance. */
    public static final CallPolicy EKS = new CallPolicy("cluster description (EKS DescribeCluster)",
            Duration.ofSeconds(10), Duration.ofSeconds(4), 3);
    /** The tick's hourly live-catalog refresh: paginated Pricing GetProducts and EC2 Describe calls. */
    public static final CallPolicy CATALOG = new CallPolicy("live catalog (Pricing GetProducts, EC2 DescribeInstanceTypes)",
            Duration.ofSeconds(30), Duration.ofSeconds(12), 3);

    public CallPolicy {
        Objects.requireNonNull(callSite, "callSite");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(callSite + ": maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero() || attemptTimeout.compareTo(apiCallTimeout) > 0) {
            throw new IllegalArgumentException(callSite + ": the attempt timeout " + attemptTimeout
                    + " must be positive and no longer than the call timeout " + apiCallTimeout);
        }
    }

    /** The SDK configuration: both timeouts and the standard retry strategy limited to {@link #maxAttempts}. */
    public ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(apiCallTimeout)
                .apiCallAttemptTimeout(attemptTimeout)
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
                .build();
    }

    /** The URL-connection HTTP client (the lightest to start) with connect and read timeouts within an attempt. */
    public UrlConnectionHttpClient.Builder httpClient() {
        Duration connect = CONNECT_TIMEOUT.compareTo(attemptTimeout) < 0 ? CONNECT_TIMEOUT : attemptTimeout;
        return UrlConnectionHttpClient.builder().connectionTimeout(connect).socketTimeout(attemptTimeout);
    }

    /**
     * Builds a client with this policy: region, credentials and endpoint (AWS_ENDPOINT_URL[_SERVICE]) from the SDK's
     * default chains, as in Lambda.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        return builder.httpClientBuilder(httpClient()).overrideConfiguration(overrides()).build();
    }
}
