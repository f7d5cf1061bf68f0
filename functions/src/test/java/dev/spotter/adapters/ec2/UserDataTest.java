package dev.spotter.adapters.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.spotter.catalog.CapacityType;
import dev.spotter.config.KubeletConfiguration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserDataTest {
    private static final KubeletConfiguration KUBELET = new KubeletConfiguration(0, 0, Map.of("cpu", "100m"),
            Map.of("memory", "300Mi"), Map.of("memory.available", "5%"), Map.of(), List.of(), 85, 80, null);

    private static BootstrapOptions options(String userData) {
        var pool = Ec2Fixtures.pool("spot", "on-demand");
        return new BootstrapOptions(Ec2Fixtures.CLUSTER, NodeLabels.labels(pool, "default", CapacityType.SPOT),
                NodeLabels.taints(pool), KUBELET, 29, userData);
    }

    @Test
    void render_whenNoUserData_writesOneNodeConfigPartWithClusterKubeletLabelsAndTaints() throws Exception {
        MimeArchive archive = MimeArchive.parse(NodeadmUserData.render(options("")));

        assertThat(archive.parts()).hasSize(1);
        assertThat(archive.parts().get(0).contentType()).isEqualTo("application/node.eks.aws");
        JsonNode config = new YAMLMapper().readTree(archive.parts().get(0).content());
        assertThat(config.path("apiVersion").asText()).isEqualTo("node.eks.aws/v1alpha1");
        assertThat(config.path("kind").asText()).isEqualTo("NodeConfig");
        JsonNode cluster = config.path("spec").path("cluster");
        assertThat(cluster.path("name").asText()).isEqualTo("demo");
        assertThat(cluster.path("apiServerEndpoint").asText()).isEqualTo("https://ABCDEF.gr7.us-east-1.eks.amazonaws.com");
        assertThat(cluster.path("certificateAuthority").asText()).isEqualTo("LS0tLS1CRUdJTi1DRVJU");
        assertThat(cluster.path("cidr").asText()).isEqualTo("10.100.0.0/16");
        JsonNode kubelet = config.path("spec").path("kubelet").path("config");
        assertThat(kubelet.path("maxPods").asInt()).isEqualTo(29);
        assertThat(kubelet.path("clusterDNS").get(0).asText()).isEqualTo("10.100.0.10");
        assertThat(kubelet.path("systemReserved").path("cpu").asText()).isEqualTo("100m");
        assertThat(kubelet.path("kubeReserved").path("memory").asText()).isEqualTo("300Mi");
        assertThat(kubelet.path("evictionHard").path("memory.available").asText()).isEqualTo("5%");
        assertThat(kubelet.path("imageGCHighThresholdPercent").asInt()).isEqualTo(85);
        assertThat(kubelet.path("registerWithTaints").toString())
                .contains("\"key\":\"karpenter.sh/unregistered\"", "\"effect\":\"NoExecute\"",
                        "\"key\":\"dedicated\",\"value\":\"batch\",\"effect\":\"NoSchedule\"", "example.com/booting");
        assertThat(config.path("spec").path("kubelet").path("flags").get(0).asText()).isEqualTo(
                "--node-labels=karpenter.k8s.aws/ec2nodeclass=default,karpenter.sh/capacity-type=spot,"
                        + "karpenter.sh/nodepool=general,team=payments,tier=backend");
    }

    @Test
    void render_whenUserDataIsAShellScript_addsItAsASecondShellPart() {
        MimeArchive archive = MimeArchive.parse(NodeadmUserData.render(options("#!/bin/bash\necho hello\n")));

        assertThat(archive.parts()).extracting(MimeArchive.Part::contentType)
                .containsExactly("application/node.eks.aws", "text/x-shellscript; charset=\"us-ascii\"");
        assertThat(archive.parts().get(1).content()).isEqualTo("#!/bin/bash\necho hello\n");
    }

    @Test
    void render_whenUserDataIsANodeConfig_addsItAsASecondNodeConfigPart() {
        String nodeConfig = "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      shutdownGracePeriod: 30s\n";

        MimeArchive archive = MimeArchive.parse(NodeadmUserData.render(options(nodeConfig)));

        assertThat(archive.parts()).hasSize(2);
        assertThat(archive.parts().get(1).contentType()).isEqualTo("application/node.eks.aws");
        assertThat(archive.parts().get(1).content()).contains("shutdownGracePeriod: 30s");
    }

    @Test
    void render_whenUserDataIsMime_mergesItsPartsAfterSpottersOwn() {
        String mime = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"BOUNDARY\"\r\n\r\n"
                + "--BOUNDARY\r\nContent-Type: text/x-shellscript; charset=\"us-ascii\"\r\n\r\n#!/bin/bash\r\necho one\r\n"
                + "--BOUNDARY\r\nContent-Type: application/node.eks.aws\r\n\r\nkind: NodeConfig\r\n"
                + "--BOUNDARY--\r\n";

        MimeArchive archive = MimeArchive.parse(NodeadmUserData.render(options(mime)));

        assertThat(archive.parts()).extracting(MimeArchive.Part::contentType).containsExactly("application/node.eks.aws",
                "text/x-shellscript; charset=\"us-ascii\"", "application/node.eks.aws");
        assertThat(archive.parts().get(1).content()).isEqualTo("#!/bin/bash\necho one\n");
        assertThat(archive.parts().get(2).content()).isEqualTo("kind: NodeConfig\n");
    }

    @Test
    void parse_whenMimeHasNoBoundary_saysSo() {
        assertThatThrownBy(() -> MimeArchive.parse("MIME-Version: 1.0\nContent-Type: multipart/mixed\n\nbody"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no boundary");
    }

    @Test
    void bottlerocket_whenUserTomlGiven_keepsUserSettingsButForcesClusterLabelsAndTaints() throws Exception {
        String user = """
                [settings.kubernetes]
                cluster-name = "someone-else"
                allowed-unsafe-sysctls = ["net.core.somaxconn"]
                [settings.kubernetes.node-labels]
                "team" = "mine"
                "custom" = "kept"
                [settings.kubernetes.node-taints]
                "old" = ["x:NoSchedule"]
                [settings.host-containers.admin]
                enabled = true
                """;

        JsonNode toml = new TomlMapper().readTree(BottlerocketUserData.render(options(user)));

        JsonNode kubernetes = toml.path("settings").path("kubernetes");
        assertThat(kubernetes.path("cluster-name").asText()).isEqualTo("demo");
        assertThat(kubernetes.path("api-server").asText()).isEqualTo("https://ABCDEF.gr7.us-east-1.eks.amazonaws.com");
        assertThat(kubernetes.path("cluster-certificate").asText()).isEqualTo("LS0tLS1CRUdJTi1DRVJU");
        assertThat(kubernetes.path("cluster-dns-ip").asText()).isEqualTo("10.100.0.10");
        assertThat(kubernetes.path("max-pods").asInt()).isEqualTo(29);
        assertThat(kubernetes.path("allowed-unsafe-sysctls").get(0).asText()).isEqualTo("net.core.somaxconn");
        assertThat(kubernetes.path("node-labels").path("team").asText()).isEqualTo("payments");
        assertThat(kubernetes.path("node-labels").path("custom").asText()).isEqualTo("kept");
        assertThat(kubernetes.path("node-labels").path("karpenter.sh/capacity-type").asText()).isEqualTo("spot");
        assertThat(kubernetes.path("node-taints").has("old")).isFalse();
        assertThat(kubernetes.path("node-taints").path("karpenter.sh/unregistered").get(0).asText()).isEqualTo(":NoExecute");
        assertThat(kubernetes.path("node-taints").path("dedicated").get(0).asText()).isEqualTo("batch:NoSchedule");
        assertThat(kubernetes.path("kube-reserved").path("memory").asText()).isEqualTo("300Mi");
        assertThat(toml.path("settings").path("host-containers").path("admin").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void bottlerocket_whenUserDataIsNotToml_namesTheProblem() {
        assertThatThrownBy(() -> BottlerocketUserData.render(options("[settings\nbroken")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid TOML");
    }

    @Test
    void labels_whenNodePoolCarriesRestrictedKeys_leavesThemOut() {
        assertThat(NodeLabels.isRestricted("kubernetes.io/role")).isTrue();
        assertThat(NodeLabels.isRestricted("node-role.kubernetes.io/worker")).isTrue();
        assertThat(NodeLabels.isRestricted("node.kubernetes.io/lifecycle")).isFalse();
        assertThat(NodeLabels.isRestricted("example.com/team")).isFalse();
        assertThat(NodeLabels.isRestricted("plain")).isFalse();
    }
}
