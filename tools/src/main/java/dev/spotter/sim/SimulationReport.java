package dev.spotter.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spotter.cli.TextTable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one {@code spotter simulate} run, and report.json, the contract other tools read:
 * {@code {"seed", "simulatedSeconds", "pods", "events", "strategies": {"spotter": {...}, "karpenter-style": {...},
 * "on-demand-static": {...}}}}; each strategy holds totalCost (USD), spotShare (of node-hours), nodesLaunched,
 * nodesTerminated, podWaitSeconds (p50, p95, p99, max), unschedulablePods, interruptions,
 * replacementsReadyBeforeTermination, podsEvicted (by cause), costSeries ([seconds, $/h] pairs) and fleetSeries
 * ([seconds, spot $/h, on-demand $/h, spot nodes, on-demand nodes, pending pods]).
 */
public record SimulationReport(long seed, double simulatedSeconds, int pods, long events, double wallSeconds,
                               String workload, Map<String, Object> settings, List<StrategyResult> strategies) {

    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public StrategyResult strategy(String name) {
        return strategies.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no strategy " + name + " in the report"));
    }

    /** The report as report.json's tree. */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", seed);
        root.put("simulatedSeconds", simulatedSeconds);
        root.put("pods", pods);
        root.put("events", events);
        root.put("eventsPerSecond", wallSeconds <= 0 ? 0 : Math.round(events / wallSeconds));
        root.put("wallSeconds", Recorder.round(wallSeconds));
        root.put("workload", workload);
        root.put("settings", settings);
        double onDemandCost = strategies.stream().filter(s -> s.name().equals(Strategy.ON_DEMAND_STATIC.label()))
                .mapToDouble(StrategyResult::totalCost).findFirst().orElse(Double.NaN);
        Map<String, Object> byName = new LinkedHashMap<>();
        for (StrategyResult s : strategies) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("totalCost", s.totalCost());
            entry.put("spotCost", s.spotCost());
            entry.put("onDemandCost", s.onDemandCost());
            entry.put("savingsVsOnDemandStatic", Double.isNaN(onDemandCost) || onDemandCost == 0 ? 0.0
                    : Recorder.round(1 - s.totalCost() / onDemandCost));
            entry.put("spotShare", s.spotShare());
            entry.put("nodeHours", s.nodeHours());
            entry.put("nodesLaunched", s.nodesLaunched());
            entry.put("nodesTerminated", s.nodesTerminated());
            entry.put("peakNodes", s.peakNodes());
            entry.put("podWaitSeconds", s.podWaitSeconds());
            entry.put("podsBound", s.podsBound());
            entry.put("unschedulablePods", s.unschedulablePods());
            entry.put("interruptions", s.interruptions());
            entry.put("replacementsReadyBeforeTermination", s.replacementsReadyBeforeTermination());
            entry.put("podsEvicted", s.podsEvicted());
            entry.putAll(s.extra());
            List<double[]> cost = new ArrayList<>();
            for (Recorder.Sample sample : s.samples()) {
                cost.add(new double[]{Recorder.round(sample.hours() * 3600), Recorder.round(sample.spotPerHour() + sample.onDemandPerHour())});
            }
            entry.put("costSeries", cost);
            List<double[]> fleet = new ArrayList<>();
            for (Recorder.Sample sample : s.samples()) {
                fleet.add(new double[]{Recorder.round(sample.hours() * 3600), sample.spotPerHour(), sample.onDemandPerHour(),
                        sample.spotNodes(), sample.onDemandNodes(), sample.pendingPods()});
            }
            entry.put("fleetSeries", fleet);
            byName.put(s.name(), entry);
        }
        root.put("strategies", byName);
        return root;
    }

    public void writeJson(Path file) {
        try {
            Files.writeString(file, JSON.writeValueAsString(toJson()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The table printed at the end of a run. */
    public String table() {
        TextTable table = new TextTable("strategy", "total $", "vs static", "spot share", "launched", "peak nodes",
                "wait p50 s", "p95 s", "p99 s", "max s", "unschedulable", "interruptions", "replaced in time", "evicted");
        for (int column = 1; column < 14; column++) {
            table.alignRight(column);
        }
        double onDemand = strategies.stream().filter(s -> s.name().equals(Strategy.ON_DEMAND_STATIC.label()))
                .mapToDouble(StrategyResult::totalCost).findFirst().orElse(Double.NaN);
        for (StrategyResult s : strategies) {
            int evictions = s.podsEvicted().values().stream().mapToInt(Integer::intValue).sum();
            table.row(s.name(), String.format("%.2f", s.totalCost()),
                    Double.isNaN(onDemand) || onDemand == 0 ? "-" : String.format("%+.0f%%", 100 * (s.totalCost() / onDemand - 1)),
                    String.format("%.0f%%", 100 * s.spotShare()), Integer.toString(s.nodesLaunched()),
                    Integer.toString(s.peakNodes()), fmt(s.podWaitSeconds().get("p50")), fmt(s.podWaitSeconds().get("p95")),
                    fmt(s.podWaitSeconds().get("p99")), fmt(s.podWaitSeconds().get("max")),
                    Integer.toString(s.unschedulablePods()), Integer.toString(s.interruptions()),
                    Integer.toString(s.replacementsReadyBeforeTermination()), Integer.toString(evictions));
        }
        return table.render();
    }

    private static String fmt(Double value) {
        return value == null ? "-" : String.format("%.0f", value);
    }
}
