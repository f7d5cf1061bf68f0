package dev.spotter.adapters.kubernetes;

import dev.spotter.adapters.aws.CallPolicy;
import dev.spotter.cloud.ClusterInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.eks.EksClient;

import java.time.Clock;

/**
 * Builds fabric8 Kubernetes clients for EKS clusters: endpoint and CA from DescribeCluster, an IAM bearer token per
 * request from {@link EksTokenProvider}, the JDK HTTP client, short timeouts and no HTTP-level retry. No retry
 * because the client would otherwise retry a 429 — which on an eviction means "a PodDisruptionBudget forbids it",
 * an answer Spotter must see at once, not after a back-off loop. Spotter's own loops retry on their next pass.
 *
 * <p>Nothing here calls AWS or signs a token until {@link #forEksCluster} is called; call it on the first invocation,
 * not during function initialisation (SnapStart).
 */
public final class KubernetesClients {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    static final int REQUEST_TIMEOUT_MILLIS = 20_000;
    static final int REQUEST_RETRY_BACKOFF_LIMIT = 0;

    private final EksClusters clusters;
    private final EksTokenGenerator tokens;
    private final Clock clock;

    public KubernetesClients(EksClusters clusters, EksTokenGenerator tokens, Clock clock) {
        this.clusters = clusters;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Clients for clusters in the region of the environment (AWS_REGION), with the default credentials provider
     * (resolved at each token signing) and an EKS client with {@link CallPolicy#EKS}; AWS_ENDPOINT_URL(_EKS)
     * is honoured for DescribeCluster.
     */
    public static KubernetesClients create() {
        Region region = new DefaultAwsRegionProviderChain().getRegion();
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        EksClient eks = CallPolicy.EKS.build(EksClient.builder().region(region).credentialsProvider(credentials));
        Clock clock = Clock.systemUTC();
        return new KubernetesClients(new EksClusters(eks), new EksTokenGenerator(region, credentials, clock), clock);
    }

    /** Describes the cluster, then builds a client for it. */
    public KubernetesClient forEksCluster(String clusterName) {
        return forCluster(clusters.describe(clusterName));
    }

    /** DescribeCluster: endpoint, CA, version and service CIDR. */
    public EksClusterInfo describe(String clusterName) {
        return clusters.describe(clusterName);
    }

    /** DescribeCluster as the domain's {@link ClusterInfo}, which the launch path needs. */
    public ClusterInfo clusterInfo(String clusterName) {
        return clusters.describe(clusterName).toClusterInfo();
    }

    /** A client for an already described cluster. */
    public KubernetesClient forCluster(EksClusterInfo cluster) {
        return forCluster(cluster.toClusterInfo());
    }

    /** A client for a cluster described elsewhere. */
    public KubernetesClient forCluster(ClusterInfo cluster) {
        if (cluster.certificateAuthorityData().isEmpty()) {
            throw new IllegalArgumentException("cluster " + cluster.name() + " has no certificate authority data");
        }
        return forEndpoint(cluster.endpoint(), cluster.certificateAuthorityData(),
                new EksTokenProvider(cluster.name(), tokens, clock));
    }

    /**
     * A client for any API server.
     *
     * @param caCertData the server's CA bundle, base64 of PEM as EKS returns it; null to use the JVM's trust store
     * @param tokens     asked for a bearer token before each request
     */
    public static KubernetesClient forEndpoint(String masterUrl, String caCertData, OAuthTokenProvider tokens) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl)
                .withCaCertData(caCertData)
                .withOauthTokenProvider(tokens)
                .withConnectionTimeout(CONNECT_TIMEOUT_MILLIS)
                .withRequestTimeout(REQUEST_TIMEOUT_MILLIS)
                .withRequestRetryBackoffLimit(REQUEST_RETRY_BACKOFF_LIMIT)
                .withUserAgent("spotter")
                .build();
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }
}
