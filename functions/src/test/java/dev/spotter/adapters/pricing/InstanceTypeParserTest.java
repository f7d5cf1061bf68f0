package dev.spotter.adapters.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceSpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceTypeParserTest {

    static List<InstanceTypeInfo> sample() throws Exception {
        try (InputStream in = InstanceTypeParserTest.class.getResourceAsStream("/ec2/describe-instance-types-sample.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<InstanceTypeInfo> infos = new ArrayList<>();
            root.path("InstanceTypes").forEach(node -> infos.add(SdkJson.read(node, InstanceTypeInfo::builder)));
            return infos;
        }
    }

    private static Map<String, InstanceSpec> parsed() throws Exception {
        return sample().stream().map(info -> InstanceTypeParser.toSpec(info, List.of("us-east-1a"), 0.1, 50))
                .collect(Collectors.toMap(InstanceSpec::name, Function.identity()));
    }

    @Test
    void toSpec_whenGivenDescribeInstanceTypesAnswers_readsEveryCatalogField() throws Exception {
        Map<String, InstanceSpec> specs = parsed();

        InstanceSpec g5 = specs.get("g5.12xlarge");
        assertThat(g5.vcpu()).isEqualTo(48);
        assertThat(g5.memoryMib()).isEqualTo(196608);
        assertThat(g5.gpuCount()).isEqualTo(4);
        assertThat(g5.gpuName()).isEqualTo("A10G");
        assertThat(g5.gpuManufacturer()).isEqualTo("NVIDIA");
        assertThat(g5.gpuMemoryMib()).isEqualTo(22888);
        assertThat(g5.localStorageGb()).isEqualTo(3800);
        InstanceSpec inf2 = specs.get("inf2.xlarge");
        assertThat(inf2.acceleratorName()).isEqualTo("Inferentia2");
        assertThat(inf2.acceleratorManufacturer()).isEqualTo("AWS");
        assertThat(inf2.acceleratorCount()).isEqualTo(1);
        assertThat(specs.get("c6g.large").arch()).isEqualTo("arm64");
        assertThat(specs.get("t3.micro").burstable()).isTrue();
        assertThat(specs.get("t3.micro").maxPodsEni()).isEqualTo(4);
        assertThat(specs.get("m5.metal").bareMetal()).isTrue();
        assertThat(specs.get("m5.metal").hypervisor()).isEmpty();
        assertThat(specs.get("m5.large").maxPodsEni()).isEqualTo(29);
        assertThat(specs.get("m5.large").family()).isEqualTo("m5");
        assertThat(specs.get("m5.large").spotSupported()).isTrue();
        assertThat(specs.get("m5.large").onDemandPrice()).isEqualTo(0.1);
        assertThat(specs.get("m5.large").zones()).containsExactly("us-east-1a");
    }

    @Test
    void toSpec_agreesWithTheShippedCatalogOnEveryHardwareColumn() throws Exception {
        Catalog shipped = CatalogCsv.loadDefault();

        for (InstanceSpec live : parsed().values()) {
            InstanceSpec row = shipped.find(live.name()).orElseThrow();
            assertThat(live).as(live.name())
                    .usingRecursiveComparison()
                    .comparingOnlyFields("family", "currentGeneration", "arch", "vcpu", "memoryMib", "gpuCount", "gpuName",
                            "gpuManufacturer", "gpuMemoryMib", "acceleratorName", "acceleratorManufacturer", "acceleratorCount",
                            "maxEnis", "ipv4PerEni", "maxPodsEni", "localStorageGb", "hypervisor", "bareMetal", "burstable",
                            "spotSupported", "processorManufacturer")
                    .isEqualTo(row);
        }
    }

    @Test
    void toSpec_whenAnEntryHasNoVcpuInformation_namesTheType() {
        InstanceTypeInfo broken = InstanceTypeInfo.builder().instanceType("x9.large").build();

        assertThatThrownBy(() -> InstanceTypeParser.toSpec(broken, List.of(), 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x9.large");
    }
}
