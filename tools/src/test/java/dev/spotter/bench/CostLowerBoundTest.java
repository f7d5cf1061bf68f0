package dev.spotter.bench;

import dev.spotter.bench.lp.LinearProgram;
import dev.spotter.model.Resources;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CostLowerBoundTest {
    private static final long GIB = 1L << 30;

    @Test
    void compute_whenOneShapeAndCpuBound_returnsFractionalNodeCount() {
        CostLowerBound.NodeShape shape = shape("m", 4000, 16 * GIB, 0, 1.0);
        List<CostLowerBound.Demand> pods = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pods.add(demand("p" + i, 1000, GIB, 0, 0b1));
        }

        CostLowerBound.Result result = CostLowerBound.compute(List.of(shape), pods);

        // 10 cpu over 4 cpu nodes: 2.5 nodes at $1; memory (10 of 16 GiB) and pod slots (10 of 40) bind less
        assertThat(result.value()).isCloseTo(2.5, within(1e-9));
        assertThat(result.value()).isLessThanOrEqualTo(result.lpObjective() + 1e-12);
        assertThat(result.podsCounted()).isEqualTo(10);
    }

    @Test
    void compute_whenGpuPodsNeedGpuShapes_theirCpuMustComeFromGpuShapes() {
        CostLowerBound.NodeShape cpu = shape("c", 8000, 16 * GIB, 0, 0.4);
        CostLowerBound.NodeShape gpu = shape("g", 8000, 32 * GIB, 1, 1.0);
        List<CostLowerBound.Demand> pods = List.of(
                demand("gpu-a", 6000, GIB, 1, 0b10),
                demand("gpu-b", 6000, GIB, 1, 0b10),
                demand("cpu-a", 8000, GIB, 0, 0b11));

        CostLowerBound.Result result = CostLowerBound.compute(List.of(cpu, gpu), pods);

        // the two GPU pods need 2 GPU nodes ($2) on their own; the CPU pod fits the 4 spare cpu of those nodes
        // only in the relaxation, so the LP pays 0.5 cpu node more: x_g = 2, x_c = 0.5 -> 2.2
        assertThat(result.value()).isCloseTo(2.2, within(1e-9));
    }

    @Test
    void compute_whenResourcesComplementAcrossShapes_assignmentBoundKeepsEachPodOnOneNode() {
        // A is short of memory, B of cpu: either holds one pod. Covering rows mix them (4a + 2b >= 8 cpu,
        // 2a + 4b >= 8 GiB: a = b = 4/3, cost 8/3); the assignment bound knows each node holds one pod: 4 nodes
        CostLowerBound.NodeShape a = shape("a", 4000, 2 * GIB, 0, 1.0);
        CostLowerBound.NodeShape b = shape("b", 2000, 4 * GIB, 0, 1.0);
        List<CostLowerBound.Demand> pods = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pods.add(demand("p" + i, 2000, 2 * GIB, 0, 0b11));
        }

        CostLowerBound.Result result = CostLowerBound.compute(List.of(a, b), pods);

        assertThat(result.groupBound()).isCloseTo(8.0 / 3, within(1e-9));
        assertThat(result.assignmentBound()).isCloseTo(4, within(1e-6)).isLessThanOrEqualTo(4);
        assertThat(result.converged()).isTrue();
        assertThat(result.value()).isEqualTo(result.assignmentBound());
    }

    @Test
    void compute_whenAssignmentBudgetIsZero_reportsTheGroupBoundOnly() {
        CostLowerBound.NodeShape a = shape("a", 4000, 2 * GIB, 0, 1.0);
        List<CostLowerBound.Demand> pods = List.of(demand("p", 2000, 2 * GIB, 0, 0b1));

        CostLowerBound.Result result = CostLowerBound.compute(List.of(a), pods, CostLowerBound.Budget.GROUP_ONLY);

        assertThat(result.assignmentBound()).isZero();
        assertThat(result.value()).isEqualTo(result.groupBound()).isCloseTo(1, within(1e-9));
    }

    @Test
    void compute_whenPodFitsNowhere_excludesIt() {
        CostLowerBound.NodeShape shape = shape("m", 2000, 4 * GIB, 0, 1.0);
        List<CostLowerBound.Demand> pods = List.of(demand("ok", 2000, GIB, 0, 0b1), demand("huge", 64000, GIB, 0, 0));

        CostLowerBound.Result result = CostLowerBound.compute(List.of(shape), pods);

        assertThat(result.podsCounted()).isEqualTo(1);
        assertThat(result.podsExcluded()).isEqualTo(1);
        assertThat(result.value()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void compute_whenNoPods_isZero() {
        CostLowerBound.Result result = CostLowerBound.compute(List.of(shape("m", 2000, GIB, 0, 1)), List.of());

        assertThat(result.value()).isZero();
    }

    @Test
    void certify_whenDualsTooLarge_scalesThemIntoFeasibility() {
        // min 2x s.t. x >= 3: optimum 6 with dual 2; a dual of 4 violates A^T y <= c and must be scaled back to 2
        LinearProgram program = LinearProgram.builder(1).minimize(2).atLeast(new double[] {1}, 3).build();

        assertThat(CostLowerBound.certify(program, new double[] {4})).isCloseTo(6, within(1e-9)).isLessThanOrEqualTo(6);
        assertThat(CostLowerBound.certify(program, new double[] {-1})).isZero();
        assertThat(CostLowerBound.certify(program, new double[] {1})).isCloseTo(3, within(1e-9));
    }

    /**
     * Against the true optimum, found by trying every way to split a handful of pods into nodes: the bound must never
     * exceed the cheapest packing.
     */
    @Property(tries = 300)
    void compute_whenTinyInstance_neverExceedsBruteForceOptimum(@ForAll long seed) {
        Random random = new Random(seed);
        List<CostLowerBound.NodeShape> shapes = new ArrayList<>();
        int shapeCount = 1 + random.nextInt(3);
        for (int s = 0; s < shapeCount; s++) {
            int cpus = 1 << random.nextInt(4);
            int gpus = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0;
            shapes.add(shape("s" + s, cpus * 1000L, cpus * 4 * GIB, gpus, 0.05 * cpus + gpus * (0.3 + random.nextDouble())));
        }
        List<CostLowerBound.Demand> pods = new ArrayList<>();
        int podCount = 1 + random.nextInt(6);
        for (int p = 0; p < podCount; p++) {
            long cpu = 250L * (1 + random.nextInt(16));
            long memory = GIB * random.nextInt(10);
            int gpus = random.nextInt(3) == 0 ? 1 : 0;
            BitSet usable = new BitSet();
            for (int s = 0; s < shapes.size(); s++) {
                Resources allocatable = shapes.get(s).allocatable();
                boolean fits = cpu <= allocatable.cpuMillis() && memory <= allocatable.memoryBytes()
                        && gpus <= allocatable.get(Resources.NVIDIA_GPU) && random.nextInt(5) > 0;
                usable.set(s, fits);
            }
            pods.add(new CostLowerBound.Demand("p" + p, resources(cpu, memory, gpus), usable));
        }

        CostLowerBound.Result result = CostLowerBound.compute(shapes, pods);
        List<CostLowerBound.Demand> placeable = pods.stream().filter(d -> !d.usableShapes().isEmpty()).toList();
        double optimum = BruteForce.cheapestPacking(shapes, placeable);

        assertThat(result.value()).isLessThanOrEqualTo(optimum + 1e-9);
        assertThat(result.groupBound()).isLessThanOrEqualTo(result.lpObjective() + 1e-9);
        assertThat(result.assignmentBound()).isLessThanOrEqualTo(optimum + 1e-9);
        if (result.converged()) {
            // the assignment LP implies every covering row, so at its optimum it is at least as tight
            assertThat(result.assignmentBound()).isGreaterThanOrEqualTo(result.groupBound() - 1e-6 * (1 + result.groupBound()));
        }
    }

    static CostLowerBound.NodeShape shape(String name, long cpuMillis, long memory, long gpus, double price) {
        Resources allocatable = Resources.builder().cpuMillis(cpuMillis).memoryBytes(memory).pods(10).set(Resources.NVIDIA_GPU, gpus).build();
        return new CostLowerBound.NodeShape(name, allocatable, price);
    }

    private static CostLowerBound.Demand demand(String name, long cpuMillis, long memory, long gpus, long usableMask) {
        return new CostLowerBound.Demand(name, resources(cpuMillis, memory, gpus), BitSet.valueOf(new long[] {usableMask}));
    }

    private static Resources resources(long cpuMillis, long memory, long gpus) {
        return Resources.builder().cpuMillis(cpuMillis).memoryBytes(memory).set(Resources.NVIDIA_GPU, gpus).build();
    }
}
