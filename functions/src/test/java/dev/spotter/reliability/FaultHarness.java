package dev.spotter.reliability;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.spotter.catalog.CapacityType;
import dev.spotter.cloud.CloudInstance;
import dev.spotter.cloud.InstanceState;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.Pod;
import dev.spotter.config.ConfigLoader;
import dev.spotter.config.SpotterConfig;
import dev.spotter.functions.interruption.InterruptionHandler;
import dev.spotter.functions.provisioner.ProvisionerHandler;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.LambdaEvents;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.functions.tick.ReconcileTickHandler;
import dev.spotter.functions.webhook.PendingPodWebhookHandler;
import dev.spotter.functions.webhook.WebhookSettings;
import dev.spotter.functions.wiring.SpotterRuntime;
import dev.spotter.functions.wiring.SpotterSettings;
import dev.spotter.inmemory.FakeCalls;
import dev.spotter.inmemory.InMemoryNodeClaimStore;
import dev.spotter.inmemory.InMemoryProvisioningLease;
import dev.spotter.inmemory.InMemoryUnavailableOfferings;
import dev.spotter.inmemory.InvocationCrash;
import dev.spotter.inmemory.RecordingCloudProvider;
import dev.spotter.inmemory.RecordingClusterApi;
import dev.spotter.inmemory.SeededFaults;
import dev.spotter.interruption.RebalanceMode;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.WellKnownLabels;
import dev.spotter.nodeclaim.NodeClaim;
import dev.spotter.nodeclaim.Phase;
import dev.spotter.nodeclaim.ProvisioningLease;
import dev.spotter.testing.MutableClock;
import dev.spotter.testing.Orchestration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One seeded schedule over Spotter's real handlers (webhook, provisioner, tick, interruption) and the in-memory ports:
 * a world (pods created and bound by a scheduler, nodes registering for instances, spot instances reclaimed after
 * their warning, evicted pods recreated), faults injected at every port call during a fault window (errors, timeouts
 * and crashes before or after the call, throttling, conflicts, insufficient capacity, concurrent copies of handlers,
 * duplicate deliveries, clock jumps that let the lease lapse mid-pass, DescribeInstances lag), then a quiet period.
 * The invariants of issue 9 are checked after every step and at the end; the first violation stops the schedule.
 */
final class FaultHarness {
    static final String CLUSTER = "harness";
    static final int POOL_CPU_LIMIT = 64;
    /** One tick, plus DescribeInstances' lag, the orphan grace and a margin for a tick that failed. */
    static final Duration DUPLICATE_BOUND = Duration.ofMinutes(3);
    static final Duration WAKE_UP_BOUND = Duration.ofMinutes(2);
    static final Duration MAX_DESCRIBE_LAG = Duration.ofSeconds(60);
    private static final SpotterConfig CONFIG = config();
    private static final dev.spotter.functions.provisioner.InstanceTypeSource TYPES = Orchestration.instanceTypes();
    /** Prints what a replayed schedule does, step by step. */
    private final boolean trace = System.getProperty("spotter.harness.seed") != null;

    /** What one schedule did. */
    record Result(long seed, int steps, int checks, Map<String, Integer> actions, Map<String, Integer> faults,
                  int copies, String violation) {
    }

    private final long seed;
    private final int faultSteps;
    private final SplittableRandom random;
    private final SeededFaults faults;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final InMemoryNodeClaimStore claims = new InMemoryNodeClaimStore();
    private final InMemoryProvisioningLease lease = new InMemoryProvisioningLease();
    private final InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
    private final RecordingCloudProvider cloud = new RecordingCloudProvider(clock);
    private final RecordingClusterApi cluster = new RecordingClusterApi();
    private final SimQueue provisioning;
    private final SimQueue interruptions;
    private final ProvisionerHandler provisioner;
    private final ReconcileTickHandler tick;
    private final InterruptionHandler interruption;
    private final PendingPodWebhookHandler webhook;
    private final LeaseWitness leaseWitness;
    private final Deque<Integer> running = new ArrayDeque<>();
    private final Map<String, Integer> actions = new TreeMap<>();
    private final Map<String, Instant> reclaimAt = new HashMap<>();
    private final Set<String> reclaimed = new HashSet<>();
    private final Set<String> interruptedInstances = new HashSet<>();
    private final Map<String, Instant> duplicateSince = new HashMap<>();
    private final Map<String, Instant> unownedSince = new HashMap<>();
    private final Map<String, Instant> pendingSince = new HashMap<>();
    private int evictionsSeen;
    private int invocations;
    private int pods;
    private int checks;
    private Instant windowEnd;
    private String violation;

    FaultHarness(long seed, int faultSteps, double faultRate, double crashRate) {
        this.seed = seed;
        this.faultSteps = faultSteps;
        this.faults = new SeededFaults(seed, faultRate, crashRate);
        this.random = faults.random();
        for (FakeCalls port : List.<FakeCalls>of(claims, lease, unavailable, cloud, cluster)) {
            port.faults(faults);
        }
        cloud.describeLag(Duration.ofSeconds(random.nextInt((int) MAX_DESCRIBE_LAG.toSeconds() + 1)));
        if (random.nextBoolean()) {
            cloud.capacity(new dev.spotter.catalog.OfferingKey(CapacityType.SPOT, "c5.large", "us-east-1a"), 1);
        }
        provisioning = new SimQueue("provisioning", clock, Duration.ofSeconds(720), 5);
        interruptions = new SimQueue("interruption", clock, Duration.ofSeconds(40), 5);
        leaseWitness = new LeaseWitness(lease, clock, () -> running.isEmpty() ? 0 : running.peek(),
                () -> List.copyOf(running), this::violate);
        RecordingSpotterMetrics metrics = new RecordingSpotterMetrics();
        SpotterRuntime runtime = SpotterRuntime.builder(new Environment(Map.of())).clock(clock)
                .settings(new SpotterSettings(CLUSTER, CONFIG, false, RebalanceMode.REPLACE))
                .claims(claims).lease(leaseWitness).unavailable(unavailable).cloud(cloud).clusterApi(cluster)
                .clusterInfo(Orchestration.clusterInfo(CLUSTER)).instanceTypes(TYPES)
                .metrics(metrics).provisioningQueue(provisioning).build();
        provisioner = new ProvisionerHandler(runtime);
        tick = new ReconcileTickHandler(runtime);
        interruption = new InterruptionHandler(runtime);
        webhook = new PendingPodWebhookHandler(new WebhookSettings("3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a", "unused",
                Duration.ofSeconds(5)), provisioning, metrics, clock);
        cluster.podDisruptionBudget("shop", "web", Requirements.fromLabels(Map.of("app", "web")), 1);
        faults.concurrently(0.02, List.of(
                () -> invoke("concurrent tick", this::runTick),
                () -> invoke("concurrent provisioner", this::deliverProvisioning),
                () -> {
                    count("clock jump past the lease term");
                    clock.advance(ProvisioningLease.TERM.plusSeconds(5));
                }));
    }

    static SpotterConfig config() {
        String yaml = Orchestration.configYaml(CLUSTER).replace("""
                spec:
                  template:""", """
                spec:
                  limits:
                    cpu: "%d"
                  template:""".formatted(POOL_CPU_LIMIT));
        return ConfigLoader.parse("nodepools.yaml", yaml);
    }

    Result run(int quietSteps) {
        for (int step = 0; step < faultSteps + quietSteps && violation == null; step++) {
            if (step == faultSteps) {
                faults.active(false);
                windowEnd = clock.instant();
            }
            act();
            world();
            if (trace) {
                System.out.println("step " + step + " " + clock.instant() + " " + actions + "\n  claims: "
                        + claims.all().stream().map(c -> c.name() + ":" + c.phase() + ":" + c.instanceId()).toList()
                        + "\n  running: " + cloud.running(CLUSTER).stream().map(i -> i.instanceId() + ":" + i.nodeClaimName()).toList()
                        + "\n  lease: " + lease.current(CLUSTER));
            }
            check(step >= faultSteps);
        }
        if (violation == null) {
            finalCheck();
        }
        return new Result(seed, faultSteps + quietSteps, checks + leaseWitness.checks, actions, faultCounts(),
                faults.copiesRun(), violation);
    }

    private Map<String, Integer> faultCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        faults.injected().forEach((kind, n) -> counts.put(kind.name(), n));
        return counts;
    }

    // --- actions ---------------------------------------------------------------------------------------------

    private void act() {
        int roll = random.nextInt(100);
        if (roll < 20) {
            clock.advance(Duration.ofSeconds(5 + random.nextInt(25)));
        } else if (roll < 35 && pods < 30) {
            createPod();
        } else if (roll < 55) {
            boolean duplicate = faults.active() && random.nextInt(10) == 0;
            invoke("provisioner", this::deliverProvisioning);
            if (duplicate) {
                invoke("provisioner (duplicate delivery)", this::deliverProvisioning);
            }
        } else if (roll < 75) {
            Instant scheduled = clock.instant();
            invoke("tick", () -> runTick(scheduled));
            if (faults.active() && random.nextInt(8) == 0) {
                invoke("tick (duplicate delivery)", () -> runTick(scheduled));
            }
        } else if (roll < 85) {
            warnSpotInterruption();
        } else {
            invoke("interruption", this::deliverInterruptions);
        }
    }

    /** Runs one invocation: faults see it begin and end; a crash ends it where it struck. */
    private void invoke(String what, Runnable body) {
        count(what);
        int id = ++invocations;
        running.push(id);
        faults.begin();
        try {
            body.run();
        } catch (InvocationCrash crash) {
            count("crashed invocations");
        } catch (RuntimeException e) {
            count("invocations failed");
        } finally {
            faults.end();
            running.pop();
        }
    }

    private void runTick() {
        runTick(clock.instant());
    }

    private void runTick(Instant scheduled) {
        tick.tick("{\"kind\":\"spotter-tick\",\"cluster\":\"" + CLUSTER + "\",\"scheduledTime\":\"" + scheduled + "\"}", null);
    }

    private void deliverProvisioning() {
        List<SimQueue.Message> batch = provisioning.receive(100);
        if (!batch.isEmpty()) {
            SQSBatchResponse response = provisioner.handleRequest(SimQueue.event(batch), null);
            provisioning.settle(batch, response);
        }
    }

    private void deliverInterruptions() {
        List<SimQueue.Message> batch = interruptions.receive(10);
        if (batch.isEmpty()) {
            return;
        }
        SQSBatchResponse response = interruption.handleRequest(SimQueue.event(batch), null);
        Set<String> failed = new HashSet<>();
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        for (SimQueue.Message message : batch) {
            if (!failed.contains(message.id())) {
                checkActedOn(message);
            }
        }
        interruptions.settle(batch, response);
    }

    private void createPod() {
        String name = "web-" + (++pods);
        long cpu = 250L * (1 + random.nextInt(4));
        cluster.pod(Pod.builder("shop", name).uid("uid-" + name).labels(Map.of("app", "web"))
                .requests(Resources.builder().cpuMillis(cpu).memoryBytes(256L << 20).build())
                .owner("ReplicaSet", "web-rs").createdAt(clock.instant()).build());
        pendingSince.put("shop/" + name, clock.instant());
        APIGatewayV2HTTPEvent review = LambdaEvents.functionUrl("webhook/admission-pod-create.json");
        invoke("webhook", () -> {
            if (webhook.handleRequest(review, null).getStatusCode() != 200) {
                violate("the webhook did not answer 200 to a pod creation");
            }
        });
    }

    private void warnSpotInterruption() {
        List<NodeClaim> candidates = claims.all().stream().filter(c -> c.instanceId() != null)
                .filter(c -> c.capacityType() == CapacityType.SPOT && !c.phase().isTerminal())
                .filter(c -> !interruptedInstances.contains(c.instanceId()))
                .filter(c -> cloud.instance(c.instanceId()).map(i -> i.state() == InstanceState.RUNNING).orElse(false))
                .toList();
        if (candidates.isEmpty()) {
            return;
        }
        String instanceId = candidates.get(random.nextInt(candidates.size())).instanceId();
        count("spot interruption warnings");
        interruptedInstances.add(instanceId);
        reclaimAt.put(instanceId, clock.instant().plus(Duration.ofMinutes(2)));
        String body = """
                {"version":"0","id":"%s","detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2",
                 "account":"123456789012","time":"%s","region":"us-east-1",
                 "resources":["arn:aws:ec2:us-east-1:123456789012:instance/%s"],
                 "detail":{"instance-id":"%s","instance-action":"terminate"}}"""
                .formatted("evt-" + instanceId, clock.instant(), instanceId, instanceId);
        interruptions.send(body, Duration.ZERO);
        if (faults.active() && random.nextInt(5) == 0) {
            interruptions.send(body, Duration.ofSeconds(random.nextInt(30)));
            count("duplicate interruption events");
        }
    }

    // --- the world -------------------------------------------------------------------------------------------

    /** What the cluster and EC2 do on their own: reclaim, node registration and removal, scheduling, recreation. */
    private void world() {
        Instant now = clock.instant();
        reclaimAt.forEach((id, at) -> {
            if (!at.isAfter(now) && reclaimed.add(id)) {
                cloud.reclaim(id);
            }
        });
        Map<String, Node> nodeByInstance = new HashMap<>();
        cluster.nodes().forEach(node -> nodeByInstance.put(node.instanceId(), node));
        for (CloudInstance instance : cloud.allInstances()) {
            Node node = nodeByInstance.get(instance.instanceId());
            if (instance.state() == InstanceState.RUNNING && node == null
                    && !instance.launchTime().plusSeconds(20).isAfter(now)) {
                cluster.node(node(instance));
            } else if (instance.state() == InstanceState.TERMINATED && node != null) {
                cluster.removeNode(node.name());
                for (Pod pod : cluster.pods()) {
                    if (pod.nodeName().equals(node.name())) {
                        recreate(pod);
                    }
                }
            }
        }
        List<String> evicted = cluster.evicted();
        for (String key : evicted.subList(evictionsSeen, evicted.size())) {
            String name = key.substring(key.indexOf('/') + 1);
            recreate(Pod.builder("shop", name).labels(Map.of("app", "web"))
                    .requests(Resources.builder().cpuMillis(250).memoryBytes(256L << 20).build()).build());
        }
        evictionsSeen = evicted.size();
        schedule();
    }

    private void recreate(Pod gone) {
        cluster.deletePod(gone.key());
        pendingSince.remove(gone.key());
        String name = "web-" + (++pods);
        cluster.pod(Pod.builder("shop", name).uid("uid-" + name).labels(gone.labels()).requests(gone.requests())
                .owner("ReplicaSet", "web-rs").createdAt(clock.instant()).build());
        pendingSince.put("shop/" + name, clock.instant());
    }

    /** kube-scheduler, simplified: the first Ready, schedulable, untainted node with room. */
    private void schedule() {
        Map<String, Long> used = new HashMap<>();
        for (Pod pod : cluster.pods()) {
            if (!pod.isPending()) {
                used.merge(pod.nodeName(), pod.requests().cpuMillis(), Long::sum);
            }
        }
        for (Pod pod : cluster.pods()) {
            if (!pod.isPending()) {
                continue;
            }
            for (Node node : cluster.nodes()) {
                long free = node.allocatable().cpuMillis() - used.getOrDefault(node.name(), 0L);
                if (node.ready() && !node.unschedulable() && node.taints().isEmpty() && free >= pod.requests().cpuMillis()) {
                    cluster.bind(pod.key(), node.name());
                    used.merge(node.name(), pod.requests().cpuMillis(), Long::sum);
                    pendingSince.remove(pod.key());
                    break;
                }
            }
        }
    }

    private static Node node(CloudInstance instance) {
        long cpu = instance.instanceType().endsWith(".xlarge") ? 4000 : 2000;
        Resources capacity = Resources.builder().cpuMillis(cpu).memoryBytes(cpu << 22).pods(29).build();
        Resources allocatable = Resources.builder().cpuMillis(cpu - 70).memoryBytes((cpu - 200) << 22).pods(29).build();
        return new Node(instance.privateDnsName(), Map.of(WellKnownLabels.NODEPOOL, instance.nodePool(),
                "node.kubernetes.io/instance-type", instance.instanceType(), "topology.kubernetes.io/zone", instance.zone(),
                "karpenter.sh/capacity-type", instance.capacityType().label()), Map.of(), List.of(), capacity,
                allocatable, instance.providerId(), true, false, instance.launchTime().plusSeconds(20));
    }

    // --- invariants ------------------------------------------------------------------------------------------

    private void check(boolean afterWindow) {
        Instant now = clock.instant();
        List<NodeClaim> live = claims.all().stream().filter(c -> !c.phase().isTerminal()).toList();
        List<CloudInstance> runningInstances = cloud.running(CLUSTER);
        Map<String, List<NodeClaim>> claimsByInstance = new HashMap<>();
        live.stream().filter(c -> c.instanceId() != null)
                .forEach(c -> claimsByInstance.computeIfAbsent(c.instanceId(), k -> new ArrayList<>()).add(c));
        checks++;
        claimsByInstance.forEach((id, owners) -> {
            if (owners.size() > 1) {
                violate("instance " + id + " is recorded by " + owners.size() + " live NodeClaims");
            }
        });
        // a NodeClaim backed by two running instances for longer than one tick
        checks++;
        Map<String, Integer> byClaimName = new HashMap<>();
        runningInstances.forEach(i -> byClaimName.merge(i.nodeClaimName(), 1, Integer::sum));
        byClaimName.forEach((name, n) -> {
            if (n > 1) {
                Instant since = duplicateSince.computeIfAbsent(name, k -> now);
                if (afterWindow && Duration.between(later(since), now).compareTo(DUPLICATE_BOUND) > 0) {
                    violate("NodeClaim " + name + " has been backed by " + n + " running instances since " + since);
                }
            } else {
                duplicateSince.remove(name);
            }
        });
        duplicateSince.keySet().retainAll(byClaimName.keySet());
        // every instance tagged for the cluster is owned by one live claim, or terminated within two ticks
        checks++;
        Set<String> planned = new HashSet<>();
        live.stream().filter(c -> c.phase() == Phase.PLANNED).forEach(c -> planned.add(c.name()));
        Set<String> stillUnowned = new HashSet<>();
        for (CloudInstance instance : runningInstances) {
            if (claimsByInstance.containsKey(instance.instanceId()) || planned.contains(instance.nodeClaimName())) {
                continue;
            }
            stillUnowned.add(instance.instanceId());
            Instant since = unownedSince.computeIfAbsent(instance.instanceId(), k -> now);
            Instant visible = instance.launchTime().plus(MAX_DESCRIBE_LAG);
            Instant from = later(since.isAfter(visible) ? since : visible);
            if (afterWindow && Duration.between(from, now).compareTo(DUPLICATE_BOUND) > 0) {
                violate("instance " + instance.instanceId() + " (tag " + instance.nodeClaimName()
                        + ") has been owned by no live NodeClaim since " + since);
            }
        }
        unownedSince.keySet().retainAll(stillUnowned);
        // no healthy node with workloads is terminated except by a decision
        checks++;
        for (CloudInstance instance : cloud.allInstances()) {
            if (instance.state() != InstanceState.TERMINATED || reclaimed.contains(instance.instanceId())
                    || interruptedInstances.contains(instance.instanceId())) {
                continue;
            }
            Instant at = cloud.terminatedAt(instance.instanceId()).orElse(null);
            if (at != null && !at.isBefore(now.minusSeconds(1)) && hadWorkloads(instance)) {
                violate("instance " + instance.instanceId() + " with a Ready node running pods was terminated "
                        + "without an interruption, expiry or disruption decision");
            }
        }
        // NodePool limits
        checks++;
        long cpu = runningInstances.stream().mapToLong(i -> i.instanceType().endsWith(".xlarge") ? 4 : 2).sum();
        if (cpu > POOL_CPU_LIMIT) {
            violate("NodePool default runs " + cpu + " CPUs, over its limit of " + POOL_CPU_LIMIT);
        }
        // PDBs: the budget keeps one healthy web pod whenever two were healthy (evictions answer BLOCKED otherwise)
        checks++;
        // no lost wake-up: a pending pod gets capacity within two minutes once faults stop and crashed leases lapse
        checks++;
        if (afterWindow) {
            Instant settled = windowEnd.plus(ProvisioningLease.TERM);
            pendingSince.forEach((pod, since) -> {
                Instant from = since.isAfter(settled) ? since : settled;
                if (Duration.between(from, now).compareTo(WAKE_UP_BOUND.plus(Duration.ofMinutes(1))) > 0) {
                    violate("pod " + pod + " has been pending since " + since + " with no node for it");
                }
            });
        }
        // messages: none dropped
        checks++;
        if (!provisioning.accountsForEveryMessage() || !interruptions.accountsForEveryMessage()) {
            violate("a queue lost track of a message");
        }
    }

    /**
     * A bounded measurement starts no earlier than the end of the fault window plus one lease term: an invocation
     * that crashed holding the lease in the window blocks the others until its lease lapses.
     */
    private Instant later(Instant since) {
        Instant settled = windowEnd == null ? null : windowEnd.plus(ProvisioningLease.TERM);
        return settled != null && settled.isAfter(since) ? settled : since;
    }

    private boolean hadWorkloads(CloudInstance instance) {
        NodeClaim owner = claims.all().stream().filter(c -> instance.instanceId().equals(c.instanceId())).findFirst().orElse(null);
        if (owner == null || owner.phase() != Phase.TERMINATED && owner.phase() != Phase.TERMINATING) {
            return false;
        }
        boolean decided = owner.conditions().stream().anyMatch(c -> c.type().equals("Draining")
                || c.reason() != null && (c.reason().contains("expire") || c.reason().contains("Interrupt")));
        Node node = cluster.nodes().stream().filter(n -> n.instanceId().equals(instance.instanceId())).findFirst().orElse(null);
        boolean busy = node != null && node.ready() && cluster.pods().stream()
                .anyMatch(p -> p.nodeName().equals(node.name()) && !p.isDaemonSetPod());
        return busy && !decided;
    }

    /** An interruption message that was acknowledged must have been acted on. */
    private void checkActedOn(SimQueue.Message message) {
        checks++;
        int at = message.body().indexOf("\"instance-id\":\"");
        if (at < 0) {
            return;
        }
        String instanceId = message.body().substring(at + 15, message.body().indexOf('"', at + 15));
        claims.all().stream().filter(c -> instanceId.equals(c.instanceId())).findFirst().ifPresent(claim -> {
            if (claim.phase() == Phase.LAUNCHED || claim.phase() == Phase.REGISTERED || claim.phase() == Phase.INITIALIZED) {
                violate("interruption message " + message.id() + " for " + instanceId + " was acknowledged but NodeClaim "
                        + claim.name() + " is still " + claim.phase());
            }
        });
    }

    private void finalCheck() {
        faults.active(false);
        for (int i = 0; i < 12 && violation == null; i++) {
            clock.advance(Duration.ofSeconds(30));
            invoke("settle", () -> {
                runTick();
                deliverProvisioning();
                deliverInterruptions();
            });
            world();
            check(true);
        }
        checks++;
        if (violation == null && !pendingSince.isEmpty()) {
            violate("pods still pending at the end: " + pendingSince.keySet());
        }
    }

    private void violate(String what) {
        if (violation == null) {
            violation = what + " (at " + clock.instant() + ")";
        }
    }

    private void count(String action) {
        actions.merge(action, 1, Integer::sum);
    }

    static Map<String, Integer> sum(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> total = new TreeMap<>(a);
        b.forEach((k, v) -> total.merge(k, v, Integer::sum));
        return total;
    }

    static EnumMap<dev.spotter.inmemory.FaultKind, Integer> none() {
        return new EnumMap<>(dev.spotter.inmemory.FaultKind.class);
    }
}
