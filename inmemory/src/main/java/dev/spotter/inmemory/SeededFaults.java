package dev.spotter.inmemory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A {@link FaultHook} driven by a seed: the same seed and the same calls inject the same faults, so a failing
 * schedule replays exactly. At each call, while {@link #active}, it injects a fault with probability {@code rate},
 * of a kind the port can suffer (Kubernetes: 409, 429, 500, timeouts; EC2: throttling, server errors, insufficient
 * capacity on launch, timeouts; DynamoDB: conditional failures, throttling, timeouts; anything: a crash). A timeout
 * or crash strikes before or after the call took effect, at random.
 *
 * <p>Invocations are delimited by {@link #begin} and {@link #end}: after a crash every later call of the same
 * invocation crashes too (a dead process makes no more calls, not even from finally blocks), and {@link #end} ends
 * that. Invocations nest: {@link #concurrently} runs another invocation (a concurrent copy of a handler) at a random
 * port call of the current one, before the call takes effect, which interleaves them deterministically.
 */
public final class SeededFaults implements FaultHook {
    private static final Map<String, Set<FaultKind>> KINDS = Map.of(
            "kubernetes", EnumSet.of(FaultKind.CONFLICT, FaultKind.THROTTLE, FaultKind.SERVER_ERROR, FaultKind.TIMEOUT),
            "ec2", EnumSet.of(FaultKind.THROTTLE, FaultKind.SERVER_ERROR, FaultKind.TIMEOUT, FaultKind.INSUFFICIENT_CAPACITY),
            "nodeclaims", EnumSet.of(FaultKind.CONDITIONAL_FAILURE, FaultKind.THROTTLE, FaultKind.TIMEOUT),
            "lease", EnumSet.of(FaultKind.CONDITIONAL_FAILURE, FaultKind.THROTTLE, FaultKind.TIMEOUT));
    private static final Set<FaultKind> DEFAULT_KINDS = EnumSet.of(FaultKind.THROTTLE, FaultKind.TIMEOUT);

    private final long seed;
    private final SplittableRandom random;
    private final double rate;
    private final double crashRate;
    private final Deque<Boolean> crashed = new ArrayDeque<>();
    private final Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);
    private final Map<String, Integer> injectedByPort = new TreeMap<>();
    private boolean active = true;
    private double concurrencyRate;
    private List<Runnable> copies = List.of();
    private int copiesRun;

    /**
     * @param rate      the chance that a call fails (any kind but a crash)
     * @param crashRate the chance that the invocation dies at a call
     */
    public SeededFaults(long seed, double rate, double crashRate) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.rate = rate;
        this.crashRate = crashRate;
    }

    public long seed() {
        return seed;
    }

    /** The seeded source the caller may share for its own choices (what runs next), so that one seed drives all. */
    public SplittableRandom random() {
        return random;
    }

    /** Faults are injected only while active (the fault window); an inactive hook injects nothing. */
    public SeededFaults active(boolean value) {
        this.active = value;
        return this;
    }

    public boolean active() {
        return active;
    }

    /**
     * With probability {@code rate} at a port call of a top-level invocation, runs one of {@code copies} (chosen at
     * random) to completion before the call proceeds: a concurrent invocation. Copies do not nest further.
     */
    public SeededFaults concurrently(double rate, List<Runnable> copies) {
        this.concurrencyRate = rate;
        this.copies = List.copyOf(copies);
        return this;
    }

    /** Starts an invocation (nested inside the current one, if any). */
    public void begin() {
        crashed.push(false);
    }

    /** Ends the current invocation, crashed or not. */
    public void end() {
        crashed.pop();
    }

    /** How many faults of each kind were injected so far. */
    public Map<FaultKind, Integer> injected() {
        return Map.copyOf(injected);
    }

    /** How many faults were injected at each port so far. */
    public Map<String, Integer> injectedByPort() {
        return Map.copyOf(injectedByPort);
    }

    /** How many concurrent copies ran so far. */
    public int copiesRun() {
        return copiesRun;
    }

    @Override
    public FaultKind before(PortCall call) {
        if (!crashed.isEmpty() && crashed.peek()) {
            return FaultKind.CRASH;
        }
        if (!active || crashed.isEmpty()) {
            return null;
        }
        if (crashed.size() == 1 && !copies.isEmpty() && random.nextDouble() < concurrencyRate) {
            copiesRun++;
            copies.get(random.nextInt(copies.size())).run();
        }
        return pick(call, true);
    }

    @Override
    public FaultKind after(PortCall call) {
        if (!active || crashed.isEmpty() || crashed.peek()) {
            return null;
        }
        return pick(call, false);
    }

    private FaultKind pick(PortCall call, boolean before) {
        if (random.nextDouble() < crashRate) {
            crashed.pop();
            crashed.push(true);
            return count(FaultKind.CRASH, call);
        }
        if (random.nextDouble() >= rate) {
            return null;
        }
        List<FaultKind> kinds = KINDS.getOrDefault(call.port(), DEFAULT_KINDS).stream()
                .filter(kind -> before || kind == FaultKind.TIMEOUT)
                .filter(kind -> kind != FaultKind.INSUFFICIENT_CAPACITY || call.method().equals("launch"))
                .toList();
        if (kinds.isEmpty()) {
            return null;
        }
        return count(kinds.get(random.nextInt(kinds.size())), call);
    }

    private FaultKind count(FaultKind kind, PortCall call) {
        injected.merge(kind, 1, Integer::sum);
        injectedByPort.merge(call.port(), 1, Integer::sum);
        return kind;
    }
}
