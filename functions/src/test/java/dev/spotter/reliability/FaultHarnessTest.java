package dev.spotter.reliability;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeded fault harness of issue 9 at CI size: {@value #CI_SCHEDULES} schedules (seeds 1..N), each a fault window
 * of {@value #FAULT_STEPS} steps then {@value #QUIET_STEPS} quiet ones over the real handlers (see
 * {@link FaultHarness}). A failure names its seed and the command that replays it alone. Flags:
 * {@code -Dspotter.harness.seed=N} replays one seed; {@code -Dspotter.harness.schedules=N} runs more (a long run);
 * {@code -Dspotter.harness.firstSeed=N} starts elsewhere. Totals go to target/fault-harness.json.
 */
class FaultHarnessTest {
    static final int CI_SCHEDULES = 1000;
    static final int FAULT_STEPS = 40;
    static final int QUIET_STEPS = 30;
    static final double FAULT_RATE = 0.08;
    static final double CRASH_RATE = 0.01;

    private static Level level;

    @BeforeAll
    static void quiet() {
        // the handlers log every decision; thousands of schedules would print millions of lines
        level = LogManager.getRootLogger().getLevel();
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
    }

    @AfterAll
    static void loud() {
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, level);
    }

    @Test
    void everyInvariantHoldsUnderSeededFaults() throws IOException {
        String only = System.getProperty("spotter.harness.seed");
        long first = only != null ? Long.parseLong(only) : Long.getLong("spotter.harness.firstSeed", 1);
        int schedules = only != null ? 1 : Integer.getInteger("spotter.harness.schedules", CI_SCHEDULES);
        int steps = 0;
        long checks = 0;
        int copies = 0;
        Map<String, Integer> actions = new TreeMap<>();
        Map<String, Integer> faults = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        long cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (long seed = first; seed < first + schedules; seed++) {
            FaultHarness.Result result = new FaultHarness(seed, FAULT_STEPS, FAULT_RATE, CRASH_RATE).run(QUIET_STEPS);
            steps += result.steps();
            checks += result.checks();
            copies += result.copies();
            actions = FaultHarness.sum(actions, result.actions());
            faults = FaultHarness.sum(faults, result.faults());
            if (result.violation() != null) {
                violations.add("seed " + seed + ": " + result.violation() + "\n  replay: ./mvnw -B -ntp -o test -pl functions -am"
                        + " -Dtest=FaultHarnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dspotter.harness.seed=" + seed);
            }
        }
        double cpuSeconds = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1e9;
        String report = """
                {"schedules": %d, "cpuSeconds": %.1f, "firstSeed": %d, "steps": %d, "invariantChecks": %d, "concurrentCopies": %d,
                 "faultsByKind": %s,
                 "actions": %s,
                 "violations": %d}
                """.formatted(schedules, cpuSeconds, first, steps, checks, copies, json(faults), json(actions), violations.size());
        System.out.println("fault harness: " + report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fault-harness.json"), report);
        assertThat(violations).as("invariant violations (each with its replay command)").isEmpty();
        assertThat(checks).as("invariants were checked").isGreaterThan(schedules);
    }

    private static String json(Map<String, Integer> counts) {
        StringBuilder out = new StringBuilder("{");
        counts.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        return out.append('}').toString();
    }
}
