package dev.spotter.scheduling;

import dev.spotter.catalog.InstanceType;
import dev.spotter.cluster.Pod;
import dev.spotter.model.Resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Manual harness (not a test): a GPU-heavy batch like the Alibaba trace, prints cost per strategy. */
public final class GpuHarness {
    public static void main(String[] args) {
        List<InstanceType> types = new ArrayList<>(Fixtures.generalTypes());
        types.add(Fixtures.gpuType("g4dn.xlarge", 4, 16, 1, "t4", 0.526));
        types.add(Fixtures.gpuType("g4dn.2xlarge", 8, 32, 1, "t4", 0.752));
        types.add(Fixtures.gpuType("g4dn.4xlarge", 16, 64, 1, "t4", 1.204));
        types.add(Fixtures.gpuType("g4dn.8xlarge", 32, 128, 1, "t4", 2.176));
        types.add(Fixtures.gpuType("g4dn.12xlarge", 48, 192, 4, "t4", 3.912));
        types.add(Fixtures.gpuType("g4dn.metal", 96, 384, 8, "t4", 7.824));
        types.add(Fixtures.gpuType("g5.xlarge", 4, 16, 1, "a10g", 1.006));
        types.add(Fixtures.gpuType("g5.2xlarge", 8, 32, 1, "a10g", 1.212));
        types.add(Fixtures.gpuType("g5.4xlarge", 16, 64, 1, "a10g", 1.624));
        types.add(Fixtures.gpuType("g5.12xlarge", 48, 192, 4, "a10g", 5.672));
        types.add(Fixtures.gpuType("g5.48xlarge", 192, 768, 8, "a10g", 16.288));
        types.add(Fixtures.gpuType("p3.2xlarge", 8, 61, 1, "v100", 3.06));
        types.add(Fixtures.gpuType("p3.8xlarge", 32, 244, 4, "v100", 12.24));
        types.add(Fixtures.gpuType("p3.16xlarge", 64, 488, 8, "v100", 24.48));
        Random random = new Random(7);
        List<Pod> pods = new ArrayList<>();
        int[] cpus = {2000, 4000, 6000, 8000, 12000};
        long[] mems = {8, 16, 24, 29, 48};
        for (int i = 0; i < 8000; i++) {
            int kind = random.nextInt(100);
            int gpus = kind < 80 ? 1 : kind < 88 ? 2 : kind < 92 ? 4 : kind < 93 ? 8 : 0;
            int c = random.nextInt(cpus.length);
            Resources.Builder requests = Resources.builder().cpuMillis(cpus[c] * Math.max(1, gpus) / 2).memoryBytes(mems[random.nextInt(mems.length)] * Fixtures.GI * Math.max(1, gpus) / 2);
            if (gpus > 0) {
                requests.set(Resources.NVIDIA_GPU, gpus);
            }
            pods.add(Pod.builder("default", "job-" + i).uid("u" + i).requests(requests.build()).build());
        }
        SchedulingInput input = Fixtures.input(pods, types, Fixtures.pool("default", Fixtures.spotAndOnDemand())).build();
        for (int round = 0; round < 2; round++) {
            for (PlacementStrategy strategy : List.of(new CostOptimizing(), new CostOptimizing(0, 0), new FirstFitDecreasing())) {
                java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
                long start = bean.getCurrentThreadCpuTime();
                Plan plan = strategy.plan(input);
                long ms = (bean.getCurrentThreadCpuTime() - start) / 1_000_000;
                Map<String, Integer> byType = new TreeMap<>();
                plan.nodeClaims().forEach(c -> byType.merge(c.instanceTypes().get(0) + "/" + c.capacityType(), 1, Integer::sum));
                System.out.printf("%s: %d ms cpu, %d claims, cost %.2f, unschedulable %d %s%n", strategy.name(), ms, plan.nodeClaims().size(),
                        plan.hourlyCost(), plan.unschedulable().size(), byType);
            }
        }
    }
}
