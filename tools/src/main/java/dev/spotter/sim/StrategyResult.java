package dev.spotter.sim;

import java.util.List;
import java.util.Map;

/**
 * One strategy's figures over a run, as report.json carries them ({@code costSeries} is written as time/$-per-hour
 * pairs; see {@link SimulationReport}).
 */
public record StrategyResult(
        String name,
        double totalCost,
        double spotCost,
        double onDemandCost,
        double spotShare,
        double nodeHours,
        int nodesLaunched,
        int nodesTerminated,
        int peakNodes,
        Map<String, Double> podWaitSeconds,
        int podsBound,
        int unschedulablePods,
        int interruptions,
        int replacementsReadyBeforeTermination,
        Map<String, Integer> podsEvicted,
        List<Recorder.Sample> samples,
        Map<String, Object> extra) {
}
