package dev.spotter.bench;

import dev.spotter.cluster.Pod;
import dev.spotter.model.Operator;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a pod list of Alibaba's cluster-trace-gpu-v2023 ({@code openb_pod_list_*.csv}) as pending pods. Every row
 * becomes one pod, whatever its recorded phase: {@code cpu_milli} is the cpu request, {@code memory_mib} the memory
 * request (0 allowed), {@code num_gpu} the {@code nvidia.com/gpu} request, where a GPU-sharing pod (a fraction of one
 * GPU in {@code gpu_milli}) asks for one whole GPU, since EC2 nodes do not share GPUs between pods by default. With
 * GPU sharing (time-slicing with N replicas per GPU, {@code --gpu-sharing time-slicing=N}) such a pod asks instead
 * for {@code ceil(gpu_milli * N / 1000)} (at least 1) replicas of {@value #SHARED_GPU}, which a NodeOverlay gives each
 * NVIDIA type as GPUs x N; pods of whole GPUs are unchanged.
 * {@code gpu_spec} becomes a required node affinity on {@code karpenter.k8s.aws/instance-gpu-name} (see
 * {@link GpuModels}). Other columns are ignored.
 */
public final class AlibabaTrace {
    private static final List<String> REQUIRED = List.of("name", "cpu_milli", "memory_mib", "num_gpu");
    private static final Instant CREATED = Instant.parse("2023-01-01T00:00:00Z");
    public static final String SHARED_GPU = "nvidia.com/gpu.shared";

    private AlibabaTrace() {
    }

    public static List<Pod> read(Path file) {
        return read(file, 0);
    }

    /** Reads the trace with time-slicing of {@code replicas} per GPU (0: no sharing). */
    public static List<Pod> read(Path file, int replicas) {
        return readTimed(file, replicas).stream().map(TracedPod::pod).toList();
    }

    /**
     * Each row as a pod with its {@code creation_time} and {@code deletion_time} (seconds from the trace's start; a
     * missing deletion time reads as -1, never deleted). Rows whose times are not integers are rejected by line.
     */
    public static List<TracedPod> readTimed(Path file) {
        return readTimed(file, 0);
    }

    /** {@link #readTimed(Path)} with time-slicing of {@code replicas} per GPU (0: no sharing). */
    public static List<TracedPod> readTimed(Path file, int replicas) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parseTimed(reader, file.toString(), replicas);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file + ": " + e.getMessage(), e);
        }
    }

    /** One row of the trace: the pod and when the trace created and deleted it (seconds; -1: not recorded). */
    public record TracedPod(Pod pod, long createdSeconds, long deletedSeconds) {
    }

    static List<Pod> parse(BufferedReader reader, String source) throws IOException {
        return parse(reader, source, 0);
    }

    static List<Pod> parse(BufferedReader reader, String source, int replicas) throws IOException {
        return parseTimed(reader, source, replicas).stream().map(TracedPod::pod).toList();
    }

    static List<TracedPod> parseTimed(BufferedReader reader, String source) throws IOException {
        return parseTimed(reader, source, 0);
    }

    static List<TracedPod> parseTimed(BufferedReader reader, String source, int replicas) throws IOException {
        String header = reader.readLine();
        if (header == null) {
            throw new IllegalArgumentException(source + ": empty file, expected a header line");
        }
        Map<String, Integer> columns = new HashMap<>();
        String[] names = header.trim().split(",", -1);
        for (int i = 0; i < names.length; i++) {
            columns.put(names[i].trim(), i);
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                throw new IllegalArgumentException(source + ": missing column '" + required + "' (header: " + header.trim() + ")");
            }
        }
        List<TracedPod> pods = new ArrayList<>();
        String line;
        int lineNumber = 1;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (!line.isBlank()) {
                Row row = new Row(line.split(",", -1), columns, source, lineNumber);
                pods.add(new TracedPod(pod(row, replicas), time(row, "creation_time", 0), time(row, "deletion_time", -1)));
            }
        }
        return pods;
    }

    private static Pod pod(Row row, int replicas) {
        String name = row.text("name");
        long gpus = row.number("num_gpu");
        long gpuMilli = row.has("gpu_milli") ? row.number("gpu_milli") : 0;
        long shared = 0;
        // a sharing pod: a fraction of one GPU (the trace writes num_gpu 1, or 0, with gpu_milli below 1000)
        if (gpus <= 1 && gpuMilli > 0 && gpuMilli < 1000) {
            if (replicas > 0) {
                shared = Math.max(1, (gpuMilli * replicas + 999) / 1000);
                gpus = 0;
            } else {
                gpus = 1;
            }
        }
        Resources requests = Resources.builder()
                .cpuMillis(row.number("cpu_milli"))
                .memoryBytes(Math.multiplyExact(row.number("memory_mib"), 1L << 20))
                .set(Resources.NVIDIA_GPU, gpus)
                .set(SHARED_GPU, shared)
                .build();
        Pod.Builder pod = Pod.builder("default", name).uid(name).requests(requests).owner("Job", name).createdAt(CREATED);
        Set<String> gpuNames = gpus + shared > 0 && row.has("gpu_spec") ? GpuModels.ec2Names(row.text("gpu_spec")) : Set.of();
        if (!gpuNames.isEmpty()) {
            pod.requiredNodeAffinity(List.of(Requirements.of(
                    Requirement.of(WellKnownLabels.INSTANCE_GPU_NAME, Operator.IN, gpuNames))));
        }
        return pod.build();
    }

    private static long time(Row row, String column, long missing) {
        return row.has(column) && !row.text(column).isEmpty() ? row.number(column) : missing;
    }

    private record Row(String[] cells, Map<String, Integer> columns, String source, int line) {
        boolean has(String column) {
            Integer index = columns.get(column);
            return index != null && index < cells.length;
        }

        String text(String column) {
            if (!has(column)) {
                throw new IllegalArgumentException(source + " line " + line + ": missing value for '" + column + "'");
            }
            return cells[columns.get(column)].trim();
        }

        long number(String column) {
            String value = text(column);
            try {
                long number = value.isEmpty() ? 0 : Long.parseLong(value);
                if (number < 0) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " line " + line + ": '" + column + "' must be a non-negative integer, got '" + value + "'");
            }
        }
    }
}
