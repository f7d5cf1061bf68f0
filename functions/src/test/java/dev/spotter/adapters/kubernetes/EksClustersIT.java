package dev.spotter.adapters.kubernetes;

import dev.spotter.cloud.ClusterInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eks.EksClient;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DescribeCluster against whatever AWS_ENDPOINT_URL names (moto in scripts/test-all.sh). On an emulator the test
 * creates its own cluster; against a real account, name an existing one in SPOTTER_IT_EKS_CLUSTER instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EksClustersIT {
    private final EksClient eks = EksClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    private final String existing = System.getenv("SPOTTER_IT_EKS_CLUSTER");
    private final String cluster = existing != null && !existing.isBlank()
            ? existing : "it-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void createCluster() {
        if (cluster.equals(existing)) {
            return;
        }
        eks.createCluster(r -> r.name(cluster).version("1.31")
                .roleArn("arn:aws:iam::123456789012:role/eks-cluster")
                .resourcesVpcConfig(v -> v.subnetIds("subnet-0a", "subnet-0b"))
                .kubernetesNetworkConfig(k -> k.serviceIpv4Cidr("172.20.0.0/16")));
    }

    @AfterAll
    void deleteCluster() {
        if (!cluster.equals(existing)) {
            eks.deleteCluster(r -> r.name(cluster));
        }
        eks.close();
    }

    @Test
    void describe_existingCluster_readsEndpointCaVersionAndServiceCidr() {
        ClusterInfo info = new EksClusters(eks).describe(cluster).toClusterInfo();

        assertThat(info.name()).isEqualTo(cluster);
        assertThat(info.endpoint()).startsWith("https://");
        assertThat(info.certificateAuthorityData()).isNotBlank();
        if (!cluster.equals(existing)) {
            assertThat(info.kubernetesVersion()).isEqualTo("1.31");
            assertThat(info.serviceIpv4Cidr()).isEqualTo("172.20.0.0/16");
            assertThat(info.clusterDnsIp()).isEqualTo("172.20.0.10");
        }
    }

    @Test
    void describe_unknownCluster_failsNamingIt() {
        assertThatThrownBy(() -> new EksClusters(eks).describe("no-such-cluster-" + cluster))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-cluster-" + cluster)
                .hasMessageContaining("not found");
    }
}
