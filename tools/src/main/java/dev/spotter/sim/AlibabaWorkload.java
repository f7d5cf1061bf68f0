package dev.spotter.sim;

import dev.spotter.bench.AlibabaTrace;
import dev.spotter.bench.AlibabaTrace.TracedPod;
import dev.spotter.cluster.Pod;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Alibaba {@code openb_pod_list_*.csv} trace as a workload. Pods are read as {@code spotter bench} reads them
 * ({@link AlibabaTrace}); each row is its own Job-owned pod, created at its {@code creation_time} and deleted at its
 * {@code deletion_time}, both shifted so that the run starts at the trace's 5th-percentile creation time (the
 * default traces create a handful of pods over their first 100 days and the rest in their last 35). A pod created
 * before that start and deleted after it is created at time zero; one deleted before it, or whose deletion time is
 * not after its creation time, is left out. A pod evicted on the way is recreated and still deleted at its
 * trace deletion time.
 */
public final class AlibabaWorkload {
    static final double START_QUANTILE = 0.05;

    private AlibabaWorkload() {
    }

    public static Workload read(Path file) {
        return of(file.toString(), AlibabaTrace.readTimed(file));
    }

    static Workload of(String source, List<TracedPod> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + ": the trace holds no pods");
        }
        long start = startSeconds(rows);
        Map<Workload.Owner, Pod> templates = new LinkedHashMap<>();
        List<Workload.Change> changes = new ArrayList<>();
        long end = 0;
        for (TracedPod row : rows) {
            boolean deleted = row.deletedSeconds() >= 0;
            if (deleted && (row.deletedSeconds() <= row.createdSeconds() || row.deletedSeconds() <= start)) {
                continue;
            }
            Pod pod = row.pod();
            Workload.Owner owner = new Workload.Owner("Job", pod.namespace(), pod.name());
            templates.put(owner, pod);
            Duration at = Duration.ofSeconds(Math.max(0, row.createdSeconds() - start));
            Duration deleteAt = deleted ? Duration.ofSeconds(row.deletedSeconds() - start) : null;
            changes.add(new Workload.Start(at, owner, 1, deleteAt, null));
            end = Math.max(end, deleted ? row.deletedSeconds() - start : row.createdSeconds() - start);
        }
        if (changes.isEmpty()) {
            throw new IllegalArgumentException(source + ": no pod of the trace is alive at or after its start");
        }
        return new Workload(source, templates, changes, List.of(), Duration.ofSeconds(Math.max(end, 1)));
    }

    /** The trace's time zero for the run: its {@link #START_QUANTILE} creation time. */
    static long startSeconds(List<TracedPod> rows) {
        long[] created = rows.stream().mapToLong(TracedPod::createdSeconds).toArray();
        Arrays.sort(created);
        return created[(int) Math.floor(START_QUANTILE * (created.length - 1))];
    }
}
