package dev.spotter.bench;

import dev.spotter.cluster.Pod;
import dev.spotter.model.Requirement;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlibabaTraceTest {
    private static final String HEADER = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n";

    @Test
    void parse_whenCpuOnlyRow_mapsCpuAndMemory() throws IOException {
        List<Pod> pods = parse(HEADER + "openb-pod-0001,6000,12288,0,0,,LS,Running,0,10,0\n");

        Pod pod = pods.get(0);
        assertThat(pod.key()).isEqualTo("default/openb-pod-0001");
        assertThat(pod.requests().cpuMillis()).isEqualTo(6000);
        assertThat(pod.requests().memoryBytes()).isEqualTo(12288L << 20);
        assertThat(pod.requests().get(Resources.NVIDIA_GPU)).isZero();
        assertThat(pod.requiredNodeAffinity()).isEmpty();
        assertThat(pod.isPending()).isTrue();
    }

    @Test
    void parse_whenGpuShareBelowOneGpu_asksForOneWholeGpu() throws IOException {
        Pod pod = parse(HEADER + "p,6000,0,1,460,,LS,Failed,0,10,0\n").get(0);

        assertThat(pod.requests().get(Resources.NVIDIA_GPU)).isEqualTo(1);
        assertThat(pod.requests().memoryBytes()).isZero();
    }

    @Test
    void parse_whenGpuSpecListsModels_requiresTheirEc2Names() throws IOException {
        Pod pod = parse(HEADER + "p,8000,1024,2,1000,V100M16|V100M32|T4|P100,LS,Running,0,10,0\n").get(0);

        assertThat(pod.requests().get(Resources.NVIDIA_GPU)).isEqualTo(2);
        assertThat(pod.requiredNodeAffinity()).hasSize(1);
        Requirement gpuName = pod.requiredNodeAffinity().get(0).get(WellKnownLabels.INSTANCE_GPU_NAME).orElseThrow();
        assertThat(gpuName.values()).containsExactlyInAnyOrder("v100", "t4");
        assertThat(gpuName.isComplement()).isFalse();
    }

    @Test
    void parse_whenNoModelExistsOnEc2_acceptsAnyNvidiaGpu() throws IOException {
        Pod pod = parse(HEADER + "p,8000,1024,1,1000,G2|P100,LS,Running,0,10,0\n").get(0);

        assertThat(pod.requiredNodeAffinity()).isEmpty();
        assertThat(pod.requests().get(Resources.NVIDIA_GPU)).isEqualTo(1);
    }

    @Test
    void parse_whenShortFileWithoutGpuSpecColumn_readsTheRest() throws IOException {
        List<Pod> pods = parse("name,cpu_milli,memory_mib,num_gpu,gpu_milli\na,1000,512,8,1000\nb,500,256,0,0\n\n");

        assertThat(pods).extracting(p -> p.requests().get(Resources.NVIDIA_GPU)).containsExactly(8L, 0L);
    }

    @Test
    void parse_whenColumnMissing_namesIt() {
        assertThatThrownBy(() -> parse("name,cpu_milli,num_gpu\na,1,0\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trace.csv").hasMessageContaining("memory_mib");
    }

    @Test
    void parse_whenValueNotANumber_namesLineAndColumn() {
        assertThatThrownBy(() -> parse(HEADER + "a,1000,512,0,0,,LS,Running,0,1,0\nb,lots,512,0,0,,LS,Running,0,1,0\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3").hasMessageContaining("cpu_milli").hasMessageContaining("lots");
    }

    @Test
    void gpuModels_whenMapped_followTheDocumentedTable() {
        assertThat(GpuModels.ec2Names("A10")).containsExactly("a10g");
        assertThat(GpuModels.ec2Names("t4")).containsExactly("t4");
        assertThat(GpuModels.ec2Names("V100M16|V100M32")).containsExactly("v100");
        assertThat(GpuModels.ec2Names("G3")).isEmpty();
        assertThat(GpuModels.ec2Names("")).isEmpty();
    }

    @Test
    void parse_whenTimeSlicing_asksForReplicasOfASharedGpuInsteadOfAWholeOne() throws IOException {
        List<Pod> pods = AlibabaTrace.parse(new BufferedReader(new StringReader("""
                name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec
                share,1000,1024,1,300,
                whole,1000,1024,2,1000,
                """)), "trace.csv", 4);

        assertThat(pods.get(0).requests().get(AlibabaTrace.SHARED_GPU)).isEqualTo(2);
        assertThat(pods.get(0).requests().get(dev.spotter.model.Resources.NVIDIA_GPU)).isZero();
        assertThat(pods.get(1).requests().get(dev.spotter.model.Resources.NVIDIA_GPU)).isEqualTo(2);
        assertThat(pods.get(1).requests().get(AlibabaTrace.SHARED_GPU)).isZero();
    }

    @Test
    void timeSlicing_givesEachNvidiaTypeItsGpusTimesTheReplicas() {
        dev.spotter.catalog.Catalog catalog = dev.spotter.catalog.CatalogCsv.loadDefault();
        java.util.Map<String, java.util.List<dev.spotter.catalog.InstanceType>> types = TraceBenchmark.input(List.of(), catalog, 4).instanceTypes();

        dev.spotter.catalog.InstanceType g512 = types.values().iterator().next().stream()
                .filter(t -> t.name().equals("g5.12xlarge")).findFirst().orElseThrow();
        assertThat(g512.allocatable().get(AlibabaTrace.SHARED_GPU)).isEqualTo(16);
    }

    private static List<Pod> parse(String csv) throws IOException {
        return AlibabaTrace.parse(new BufferedReader(new StringReader(csv)), "trace.csv");
    }
}
