package dev.spotter.inmemory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the in-memory ports share: a log of the calls made ("create cluster-a/claim-1"), errors queued per method name
 * (thrown by the next calls of that method instead of doing anything), and a {@link FaultHook} asked at every call,
 * before it takes effect ({@link #record}) and after ({@link #done}).
 */
public class FakeCalls {
    private final String port;
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Deque<RuntimeException>> failures = new HashMap<>();
    private volatile FaultHook faults = FaultHook.NONE;

    protected FakeCalls(String port) {
        this.port = Objects.requireNonNull(port, "port");
    }

    /** The port's name, as {@link PortCall#port()} gives it. */
    public String port() {
        return port;
    }

    /** Asks {@code hook} at every later call; {@link FaultHook#NONE} turns faults off. */
    public FakeCalls faults(FaultHook hook) {
        this.faults = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /** Makes the next call of {@code method} (e.g. "update") throw {@code error}; queue several for several calls. */
    public synchronized void failNext(String method, RuntimeException error) {
        failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(error);
    }

    /** Every call so far, oldest first, as "method detail". */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The calls of one method, e.g. calls("update"). */
    public synchronized List<String> calls(String method) {
        return calls.stream().filter(call -> call.equals(method) || call.startsWith(method + " ")).toList();
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    /** Logs the call, then throws the error queued for it or the fault the hook injects before it, if any. */
    protected void record(String method, String detail) {
        record(method, detail, Set.of());
    }

    /**
     * Like {@link #record(String, String)}, but a fault of a kind in {@code answered} is returned instead of thrown:
     * the port answers it with a value (a lease that refuses, for one). Returns null when there is no fault.
     */
    protected FaultKind record(String method, String detail, Set<FaultKind> answered) {
        synchronized (this) {
            calls.add(detail.isEmpty() ? method : method + " " + detail);
            Deque<RuntimeException> queued = failures.get(method);
            if (queued != null && !queued.isEmpty()) {
                throw queued.poll();
            }
        }
        PortCall call = new PortCall(port, method, detail);
        FaultKind kind = faults.before(call);
        if (kind == null || answered.contains(kind)) {
            return kind;
        }
        throw fail(kind, call);
    }

    /** Asks the hook whether the call's result is lost after it took effect; returns the result otherwise. */
    protected <T> T done(String method, String detail, T result) {
        PortCall call = new PortCall(port, method, detail);
        FaultKind kind = faults.after(call);
        if (kind != null) {
            throw fail(kind, call);
        }
        return result;
    }

    protected void done(String method, String detail) {
        done(method, detail, null);
    }

    private RuntimeException fail(FaultKind kind, PortCall call) {
        if (kind == FaultKind.CRASH) {
            throw new InvocationCrash(call);
        }
        return error(kind, call);
    }

    /** The error this port's real adapter raises for the fault; ports override it with their domain exceptions. */
    protected RuntimeException error(FaultKind kind, PortCall call) {
        return new InjectedFault(kind, call);
    }
}
