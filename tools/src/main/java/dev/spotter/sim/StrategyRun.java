package dev.spotter.sim;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceSpec;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.inmemory.RecordingCloudProvider;
import dev.spotter.inmemory.RecordingClusterApi;
import dev.spotter.interruption.RebalanceMode;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.model.Requirements;
import dev.spotter.nodeclaim.Condition;
import dev.spotter.nodeclaim.NodeClaim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * One strategy's simulated world over one run: virtual clock and event queue, the in-memory Kubernetes and EC2 with
 * their drivers (binder, workload controllers, boot delays, spot market), Spotter's control plane on top, and the
 * recorder. {@link #run} plays the workload and returns what was measured.
 */
final class StrategyRun implements SimulatedCluster.Listener, SimulatedCloud.Listener {
    /** A rebalance recommendation comes this long before the two-minute warning (an assumption: docs/simulate.md). */
    static final Duration REBALANCE_LEAD = Duration.ofMinutes(5);
    static final Duration WARNING = Duration.ofMinutes(2);
    static final Duration TICK = Duration.ofSeconds(60);
    private static final double MONTH_SECONDS = 30 * 86400.0;

    private final Strategy strategy;
    private final SimulationSettings settings;
    private final EventQueue events;
    private final RecordingClusterApi api;
    private final RecordingCloudProvider ec2;
    private final SimulatedCluster cluster;
    private final SimulatedCloud cloud;
    private final ControlPlane controlPlane;
    private final PodController controller;
    private final Binder binder;
    private final Recorder recorder;
    private final Random random;
    private final SpotAdvisorBands bands;
    private final Instant end;
    private final Duration sampleEvery;
    private final Map<String, String> reclaimedNodes = new HashMap<>();
    /** Where each bound pod is, kept as the binder binds and pods go (the API server's pod list is not indexed). */
    private final Map<String, String> boundTo = new HashMap<>();
    private final Set<String> stormNodes = new HashSet<>();
    private final Set<String> stormSlots = new HashSet<>();
    private Instant stormStart;
    private Instant stormRecovered;
    private int stormWarnings;
    private int stormReplacedInTime;
    private Instant nextSample;
    private int pods;

    StrategyRun(Strategy strategy, SimulationSettings settings, SpotAdvisorBands bands) {
        this.strategy = strategy;
        this.settings = settings;
        this.bands = bands;
        this.events = new EventQueue(new SimClock(SimulationSettings.START));
        this.api = new RecordingClusterApi();
        this.ec2 = new RecordingCloudProvider(events.clock());
        settings.offeringCapacity().ifPresent(capacity -> seededCapacity(capacity, new Random(settings.seed())));
        settings.capacityOverrides().forEach(ec2::capacity);
        this.cluster = new SimulatedCluster(api);
        this.cloud = new SimulatedCloud(ec2, events, settings.delays(), SimulationSettings.CLUSTER);
        this.controlPlane = new ControlPlane(events, cluster, cloud, settings, strategy.scheduler(),
                strategy == Strategy.SPOTTER ? RebalanceMode.REPLACE : RebalanceMode.OFF);
        this.recorder = new Recorder(SimulationSettings.START);
        this.random = new Random(settings.seed());
        this.end = SimulationSettings.START.plus(settings.duration());
        this.sampleEvery = Duration.ofSeconds(Math.max(60, settings.duration().toSeconds() / 720));
        this.controller = new PodController(events, settings.workload().templates(), new PodController.Pods() {
            @Override
            public void create(Pod pod) {
                pods++;
                api.pod(pod);
                recorder.podCreated(pod.key(), events.now());
                controlPlane.podCreated(pod);
                binder.request();
            }

            @Override
            public void delete(String key) {
                boolean bound = isBound(key);
                boundTo.remove(key);
                api.deletePod(key);
                if (!bound) {
                    recorder.podGone(key, events.now());
                } else {
                    binder.request();
                }
            }

            @Override
            public boolean isBound(String key) {
                return key != null && boundTo.containsKey(key);
            }
        });
        this.binder = new Binder(events, api, (pod, node) -> {
            boundTo.put(pod.key(), node);
            recorder.podBound(pod.key(), events.now());
            controller.bound(pod.key());
            stormProgress();
        });
        cluster.listen(this);
        cloud.listen(this);
    }

    /** Every offering of the catalog gets a capacity drawn between half and one and a half times {@code typical}. */
    private void seededCapacity(int typical, Random draws) {
        for (InstanceSpec spec : ControlPlane.CATALOG.specs()) {
            for (String zone : spec.zones()) {
                for (CapacityType type : CapacityType.values()) {
                    ec2.capacity(new OfferingKey(type, spec.name(), zone), typical / 2 + draws.nextInt(typical + 1));
                }
            }
        }
    }

    StrategyResult run(Runnable afterEachEvent) {
        budgets();
        controller.schedule(settings.workload(), SimulationSettings.START);
        for (Instant at = SimulationSettings.START; !at.isAfter(end); at = at.plus(TICK)) {
            Instant scheduled = at;
            events.at(at, () -> {
                controlPlane.tick(scheduled);
                binder.request();
            });
        }
        nextSample = SimulationSettings.START;
        events.at(SimulationSettings.START, this::sample);
        settings.storm().ifPresent(storm -> events.at(SimulationSettings.START.plus(storm.at()), () -> storm(storm)));
        events.runUntil(end, () -> {
            controlPlane.forgetCalls();
            api.clearCalls();
            ec2.clearCalls();
            afterEachEvent.run();
        });
        Map<String, Object> extra = new LinkedHashMap<>(controlPlane.counters());
        extra.put("binderRounds", binder.rounds());
        extra.put("pdbViolations", cluster.budgetViolations());
        extra.put("evictionsBlockedByPdb", cluster.evictionsBlocked());
        extra.put("podsCreated", pods);
        extra.put("pendingAtEnd", api.listUnschedulablePods().stream().map(Pod::key).sorted().limit(20).toList());
        if (stormStart != null) {
            Map<String, Object> storm = new LinkedHashMap<>();
            storm.put("warnedInstances", stormWarnings);
            storm.put("displacedPods", stormSlots.size());
            storm.put("replacementsReadyBeforeTermination", stormReplacedInTime);
            storm.put("secondsUntilAllRebound", stormRecovered == null ? null
                    : Duration.between(stormStart, stormRecovered).toMillis() / 1000.0);
            extra.put("storm", storm);
        }
        return recorder.finish(strategy.label(), end, extra);
    }

    /** Every instance launched in the run, in launch order. */
    List<CloudInstance> instances() {
        return ec2.allInstances();
    }

    /** Every CreateFleet request made in the run, those that failed included. */
    List<dev.spotter.cloud.LaunchRequest> launchRequests() {
        return ec2.launches();
    }

    /** How many pods are bound now. */
    int boundPods() {
        return boundTo.size();
    }

    long events() {
        return events.processed();
    }

    Instant now() {
        return events.now();
    }

    private void budgets() {
        for (Workload.Budget budget : settings.workload().budgets()) {
            int minAvailable = budget.minAvailable() != null ? budget.minAvailable()
                    : Math.max(0, expectedPods(budget) - budget.maxUnavailable());
            api.podDisruptionBudget(budget.namespace(), budget.name(), Requirements.fromLabels(budget.matchLabels()),
                    minAvailable);
        }
    }

    /** For a maxUnavailable budget: the replicas its pods' owners have at time zero. */
    private int expectedPods(Workload.Budget budget) {
        int total = 0;
        for (Workload.Change change : settings.workload().changes()) {
            if (change.at().isZero() && change instanceof Workload.Scale scale
                    && budget.guards(settings.workload().templates().get(scale.owner()))) {
                total += scale.replicas();
            }
        }
        return total;
    }

    private void sample() {
        if (!events.now().isBefore(nextSample)) {
            recorder.sample(events.now(), api.listUnschedulablePods().size());
            nextSample = events.now().plus(sampleEvery);
        }
        if (events.now().plus(sampleEvery).isBefore(end)) {
            events.after(sampleEvery, this::sample);
        } else if (events.now().isBefore(end)) {
            events.at(end, this::sample);
        }
    }

    // ---- the cloud's side

    @Override
    public void launched(CloudInstance instance, double price) {
        recorder.instanceLaunched(instance.instanceId(), instance.instanceType(), instance.capacityType(), price, events.now());
        if (instance.capacityType() == CapacityType.SPOT) {
            drawInterruption(instance);
        }
    }

    /**
     * Time to interruption: exponential, with the hazard that interrupts the type's Spot Advisor monthly share of
     * instances over 30 days, multiplied by the interruption scale.
     */
    private void drawInterruption(CloudInstance instance) {
        double monthly = Math.min(0.99, bands.monthlyRate(instance.instanceType()));
        double u = random.nextDouble();
        double perSecond = settings.interruptionScale() * -Math.log(1 - monthly) / MONTH_SECONDS;
        if (perSecond <= 0) {
            return;
        }
        double seconds = -Math.log(1 - u) / perSecond;
        if (seconds > Duration.between(events.now(), end).toSeconds() + 1) {
            return;
        }
        Instant warning = events.now().plus(Duration.ofMillis((long) (seconds * 1000)));
        interrupt(instance.instanceId(), warning, false);
    }

    private void interrupt(String instanceId, Instant warning, boolean storm) {
        Instant rebalance = warning.minus(REBALANCE_LEAD);
        if (!storm && rebalance.isAfter(events.now())) {
            events.at(rebalance, () -> {
                if (cloud.isRunning(instanceId)) {
                    controlPlane.interruptionEvent(Ec2Events.rebalance(instanceId, events.now()));
                }
            });
        }
        events.at(warning, () -> {
            if (!cloud.isRunning(instanceId)) {
                return;
            }
            String node = cloud.nodeName(instanceId);
            Set<String> slots = new HashSet<>();
            for (Pod pod : api.listPodsOnNode(node)) {
                String slot = controller.slotOf(pod.key());
                if (slot != null) {
                    slots.add(slot);
                }
            }
            recorder.interruptionWarned(instanceId, slots, events.now());
            if (storm) {
                stormWarnings++;
                stormNodes.add(node);
                stormSlots.addAll(slots);
            }
            controlPlane.interruptionEvent(Ec2Events.spotInterruption(instanceId, events.now()));
            events.after(WARNING, () -> reclaim(instanceId, storm));
        });
    }

    private void reclaim(String instanceId, boolean storm) {
        String node = cloud.nodeName(instanceId);
        boolean rebound = recorder.slotsOfInterrupted(instanceId).stream()
                .allMatch(slot -> controller.servedElsewhere(slot, node, this::nodeOfPod));
        recorder.interruptedInstanceGone(instanceId, rebound, events.now());
        if (storm && rebound) {
            stormReplacedInTime++;
        }
        if (node != null) {
            reclaimedNodes.put(node, "interruption");
        }
        cloud.reclaim(instanceId);
    }

    private String nodeOfPod(String key) {
        return boundTo.get(key);
    }

    private void storm(SimulationSettings.Storm storm) {
        List<CloudInstance> spot = new ArrayList<>(cloud.runningSpot());
        Collections.shuffle(spot, random);
        int count = (int) Math.round(storm.fraction() * spot.size());
        stormStart = events.now();
        for (int i = 0; i < count; i++) {
            Instant warning = events.now().plus(Duration.ofMillis(60_000L * i / Math.max(1, count)));
            interrupt(spot.get(i).instanceId(), warning, true);
        }
    }

    private void stormProgress() {
        if (stormStart == null || stormRecovered != null || stormSlots.isEmpty()) {
            return;
        }
        boolean all = stormSlots.stream().allMatch(slot -> controller.servedElsewhere(slot, "",
                key -> {
                    String node = boundTo.get(key);
                    return node == null || stormNodes.contains(node) ? null : node;
                }));
        if (all) {
            stormRecovered = events.now();
        }
    }

    @Override
    public void nodeRegistered(Node node) {
        api.node(node);
    }

    @Override
    public void nodeReady(String nodeName) {
        api.ready(nodeName, true);
        binder.request();
    }

    @Override
    public void terminated(String instanceId, String nodeName, boolean reclaimed) {
        recorder.instanceTerminated(instanceId, events.now());
        if (nodeName != null) {
            String cause = reclaimed ? "interruption" : causeOf(nodeName);
            events.after(SimulatedCloud.NODE_GONE_AFTER, () -> cluster.nodeGone(nodeName, cause));
        }
    }

    @Override
    public void stateChange(String instanceId, String state) {
        controlPlane.interruptionEvent(Ec2Events.stateChange(instanceId, state, events.now()));
    }

    // ---- the cluster's side

    @Override
    public void podRemoved(Pod pod, String cause) {
        boundTo.remove(pod.key());
        recorder.podEvicted(cause);
        controller.removed(pod);
    }

    @Override
    public void roomChanged() {
        binder.request();
    }

    /** The cause of a node's going, from its NodeClaim's drain reason (or EC2's reclaiming it). */
    @Override
    public String causeOf(String nodeName) {
        String reclaimed = reclaimedNodes.get(nodeName);
        if (reclaimed != null) {
            return reclaimed;
        }
        Optional<NodeClaim> claim = controlPlane.claims().all().stream()
                .filter(c -> nodeName.equals(c.nodeName())).reduce((first, second) -> second);
        String reason = claim.flatMap(c -> c.condition(LifecyclePlanner.DRAINING)).map(Condition::reason)
                .or(() -> claim.flatMap(c -> c.condition("Terminating")).map(Condition::message)).orElse("");
        return classify(reason);
    }

    static String classify(String reason) {
        String text = reason.toLowerCase(Locale.ROOT);
        if (text.contains("interrupt") || text.contains("rebalance") || text.contains("spot") || text.contains("scheduled")) {
            return "interruption";
        }
        if (text.contains("expir")) {
            return "expiration";
        }
        if (text.contains("consolidat") || text.contains("empty") || text.contains("underutil") || text.contains("drift")
                || text.contains("disrupt")) {
            return "consolidation";
        }
        return "other";
    }
}
