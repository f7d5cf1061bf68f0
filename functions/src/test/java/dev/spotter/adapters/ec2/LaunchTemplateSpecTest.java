package dev.spotter.adapters.ec2;

import dev.spotter.config.AmiFamily;
import dev.spotter.config.BlockDeviceMapping;
import dev.spotter.config.MetadataOptions;
import dev.spotter.config.SelectorTerm;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchTemplateSpecTest {

    private static LaunchTemplateSpec spec(String image, Boolean publicIp) {
        return new LaunchTemplateSpec("demo", "general", "default", "spot", image, "user-data", "NodeProfile",
                List.of("sg-1", "sg-2"), AmiFamily.AL2023.defaultBlockDevices(), MetadataOptions.DEFAULT, false, publicIp,
                Map.of("kubernetes.io/cluster/demo", "owned"));
    }

    @Test
    void name_whenContentIsEqual_isEqual_andChangesWithTheContent() {
        assertThat(spec("ami-1", null).name()).isEqualTo(spec("ami-1", null).name()).matches("spotter/demo/[0-9a-f]{16}");
        assertThat(spec("ami-2", null).name()).isNotEqualTo(spec("ami-1", null).name());
    }

    @Test
    void toData_carriesImageUserDataProfileImdsV2AndEncryptedGp3Root() {
        RequestLaunchTemplateData data = spec("ami-1", null).toData();

        assertThat(data.imageId()).isEqualTo("ami-1");
        assertThat(new String(Base64.getDecoder().decode(data.userData()), StandardCharsets.UTF_8)).isEqualTo("user-data");
        assertThat(data.iamInstanceProfile().name()).isEqualTo("NodeProfile");
        assertThat(data.securityGroupIds()).containsExactly("sg-1", "sg-2");
        assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(data.metadataOptions().httpPutResponseHopLimit()).isEqualTo(1);
        assertThat(data.blockDeviceMappings()).singleElement().satisfies(device -> {
            assertThat(device.deviceName()).isEqualTo("/dev/xvda");
            assertThat(device.ebs().volumeSize()).isEqualTo(20);
            assertThat(device.ebs().volumeTypeAsString()).isEqualTo("gp3");
            assertThat(device.ebs().encrypted()).isTrue();
        });
    }

    @Test
    void toData_whenPublicAddressIsSet_putsGroupsOnTheNetworkInterface() {
        RequestLaunchTemplateData data = spec("ami-1", false).toData();

        assertThat(data.securityGroupIds()).isEmpty();
        assertThat(data.networkInterfaces()).singleElement().satisfies(eni -> {
            assertThat(eni.associatePublicIpAddress()).isFalse();
            assertThat(eni.groups()).containsExactly("sg-1", "sg-2");
        });
    }

    @Test
    void bottlerocketDefaults_areA4GiOsVolumeAndA20GiDataVolume() {
        assertThat(AmiFamily.BOTTLEROCKET.defaultBlockDevices()).extracting(BlockDeviceMapping::deviceName, BlockDeviceMapping::volumeSizeBytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/dev/xvda", 4L << 30), org.assertj.core.groups.Tuple.tuple("/dev/xvdb", 20L << 30));
    }

    @Test
    void launchFamily_readsTheNodeClassFamilyAnyCase_emptyIsCustom_andRefusesFamiliesSpotterDoesNotLaunch() {
        assertThat(AmiResolver.launchFamily("bottlerocket")).isEqualTo(AmiFamily.BOTTLEROCKET);
        assertThat(AmiResolver.launchFamily("AL2023")).isEqualTo(AmiFamily.AL2023);
        assertThat(AmiResolver.launchFamily(null)).isEqualTo(AmiFamily.CUSTOM);
        assertThat(AmiResolver.launchFamily(" ")).isEqualTo(AmiFamily.CUSTOM);
        assertThatThrownBy(() -> AmiResolver.launchFamily("Windows2022")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amiFamily 'Windows2022' is not supported by Spotter");
    }

    @Test
    void selectorFilters_whenTagValueIsAWildcard_filtersOnTheKeyOnly() {
        List<Filter> filters = SelectorFilters.subnetFilters(new SelectorTerm("subnet-1", "", "", "",
                Map.of("karpenter.sh/discovery", "*", "tier", "private")));

        assertThat(filters).extracting(filter -> filter.name() + "=" + filter.values())
                .containsExactly("tag-key=[karpenter.sh/discovery]", "tag:tier=[private]", "subnet-id=[subnet-1]");
        assertThat(SelectorFilters.securityGroupFilters(new SelectorTerm("", "nodes", "", "", Map.of())))
                .extracting(Filter::name).containsExactly("group-name");
    }

    @Test
    void parameterPath_followsKarpentersSsmLayoutPerFamilyArchitectureAndVariant() {
        AmiResolver resolver = new AmiResolver(null, null, "/aws/service");

        assertThat(resolver.parameterPath(AmiFamily.AL2023, "x86_64", "nvidia", "1.31", "latest")).contains(
                "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/nvidia/recommended/image_id");
        assertThat(resolver.parameterPath(AmiFamily.AL2023, "arm64", "standard", "1.31", "v20240807")).contains(
                "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/arm64/standard/amazon-eks-node-al2023-arm64-standard-1.31-v20240807/image_id");
        assertThat(resolver.parameterPath(AmiFamily.AL2023, "arm64", "neuron", "1.31", "latest")).isEqualTo(Optional.empty());
        assertThat(resolver.parameterPath(AmiFamily.BOTTLEROCKET, "arm64", "nvidia", "1.31", "latest")).contains(
                "/aws/service/bottlerocket/aws-k8s-1.31-nvidia/arm64/latest/image_id");
        assertThat(resolver.parameterPath(AmiFamily.BOTTLEROCKET, "x86_64", "standard", "1.31", "v1.20.3")).contains(
                "/aws/service/bottlerocket/aws-k8s-1.31/x86_64/1.20.3/image_id");
    }

    @Test
    void variant_picksNvidiaForNvidiaGpusAndNeuronForAwsAcceleratorsOnAl2023() {
        assertThat(AmiResolver.variant(Ec2Fixtures.spec("g5.xlarge", "amd64", 1, "NVIDIA", 0, ""), AmiFamily.AL2023)).isEqualTo("nvidia");
        assertThat(AmiResolver.variant(Ec2Fixtures.spec("inf2.xlarge", "amd64", 0, "", 1, "AWS"), AmiFamily.AL2023)).isEqualTo("neuron");
        assertThat(AmiResolver.variant(Ec2Fixtures.spec("inf2.xlarge", "amd64", 0, "", 1, "AWS"), AmiFamily.BOTTLEROCKET)).isEqualTo("standard");
        assertThat(AmiResolver.architecture(Ec2Fixtures.spec("m5.large", "amd64", 0, "", 0, ""))).isEqualTo("x86_64");
    }
}
