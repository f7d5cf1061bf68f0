package dev.spotter.sim;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one simulation: the same workload, seed and settings for each strategy in turn (Spotter, the Karpenter-style
 * control plane, the static on-demand group), and gathers the report. The control plane's logs are silenced while it
 * runs (a day of passes would print hundreds of thousands of lines) and restored afterwards.
 */
public final class Simulator {
    private Simulator() {
    }

    public static SimulationReport run(SimulationSettings settings, PrintStream progress) {
        ProgressBar bar = new ProgressBar(progress);
        long wallStart = System.nanoTime();
        List<StrategyResult> results = new ArrayList<>();
        long events = 0;
        Level before = LogManager.getLogger("dev.spotter").getLevel();
        Configurator.setLevel("dev.spotter", Level.OFF);
        try {
            SpotAdvisorBands bands = SpotAdvisorBands.shipped();
            List<Strategy> dynamic = List.of(Strategy.SPOTTER, Strategy.KARPENTER_STYLE);
            double total = settings.duration().toSeconds() * (double) dynamic.size();
            for (int i = 0; i < dynamic.size(); i++) {
                Strategy strategy = dynamic.get(i);
                StrategyRun run = new StrategyRun(strategy, settings, bands);
                double offset = i * (double) settings.duration().toSeconds();
                results.add(run.run(() -> bar.update(offset + java.time.Duration.between(SimulationSettings.START,
                        run.now()).toSeconds(), total, strategy.label())));
                events += run.events();
            }
            results.add(StaticOnDemand.run(settings));
        } finally {
            Configurator.setLevel("dev.spotter", before);
            bar.finish();
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        int pods = (int) results.get(0).extra().getOrDefault("podsCreated", 0);
        Map<String, Object> echoed = new LinkedHashMap<>();
        echoed.put("durationSeconds", settings.duration().toSeconds());
        echoed.put("interruptionScale", settings.interruptionScale());
        echoed.put("bootDelays", Map.of("runningSeconds", settings.delays().running().toSeconds(),
                "registeredSeconds", settings.delays().registered().toSeconds(),
                "readySeconds", settings.delays().ready().toSeconds(),
                "acceleratorExtraSeconds", settings.delays().acceleratorExtra().toSeconds()));
        settings.storm().ifPresent(storm -> echoed.put("storm", Map.of("atSeconds", storm.at().toSeconds(),
                "fraction", storm.fraction())));
        settings.offeringCapacity().ifPresent(capacity -> echoed.put("offeringCapacity", capacity));
        return new SimulationReport(settings.seed(), (double) settings.duration().toSeconds(), pods, events, wallSeconds,
                settings.workload().source(), echoed, results);
    }
}
