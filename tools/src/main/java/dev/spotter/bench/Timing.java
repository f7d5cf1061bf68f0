package dev.spotter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Times a piece of work on the calling thread: one unmeasured warm-up run (so the JIT has compiled the hot paths),
 * then {@code runs} measured runs, of which the median (by wall time) is kept. When the warm-up alone took longer
 * than {@link #SLOW_SECONDS}, a single measured run is made instead, so that a slow case does not stretch the
 * benchmark to many minutes (the run count is reported). The result of the last run is returned, which is the same as
 * every other since planning is deterministic.
 */
final class Timing {
    static final double SLOW_SECONDS = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * The work's result, its median wall-clock seconds, and in that same run the calling thread's CPU seconds and the
     * whole process's (which adds garbage collection and JIT threads). On a shared machine wall time also counts
     * waiting for a core; the thread's CPU time does not.
     */
    record Measured<T>(T result, double seconds, double cpuSeconds, double processCpuSeconds, int runs) {
    }

    private Timing() {
    }

    static <T> Measured<T> median(int runs, Supplier<T> work) {
        if (runs < 1) {
            throw new IllegalArgumentException("need at least one measured run, got " + runs);
        }
        int measuredRuns = once(work).seconds() > SLOW_SECONDS ? 1 : runs;
        List<Measured<T>> measured = new ArrayList<>();
        for (int i = 0; i < measuredRuns; i++) {
            measured.add(once(work));
        }
        T last = measured.get(measuredRuns - 1).result();
        measured.sort(Comparator.comparingDouble(Measured::seconds));
        Measured<T> middle = measured.get((measuredRuns - 1) / 2);
        return new Measured<>(last, middle.seconds(), middle.cpuSeconds(), middle.processCpuSeconds(), measuredRuns);
    }

    static <T> Measured<T> once(Supplier<T> work) {
        boolean cpuTime = THREADS.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpuTime ? THREADS.getCurrentThreadCpuTime() : 0;
        long processStart = processCpuNanos();
        long start = System.nanoTime();
        T result = work.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = cpuTime ? (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9 : Double.NaN;
        long processEnd = processCpuNanos();
        double processSeconds = processStart < 0 || processEnd < 0 ? Double.NaN : (processEnd - processStart) / 1e9;
        return new Measured<>(result, seconds, cpuSeconds, processSeconds, 1);
    }

    /** The JVM's CPU time in nanoseconds, or -1 where the platform does not say. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
