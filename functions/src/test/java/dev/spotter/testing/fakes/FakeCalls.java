package dev.spotter.testing.fakes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fakes share: a log of the calls made ("create cluster-a/claim-1") and errors queued per method name, thrown
 * by the next calls of that method instead of doing anything.
 */
public class FakeCalls {
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Deque<RuntimeException>> failures = new HashMap<>();

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

    /** Logs the call, then throws the error queued for it, if any. */
    protected synchronized void record(String method, String detail) {
        calls.add(detail.isEmpty() ? method : method + " " + detail);
        Deque<RuntimeException> queued = failures.get(method);
        if (queued != null && !queued.isEmpty()) {
            throw queued.poll();
        }
    }
}
