package dev.spotter.adapters.kubernetes;

import dev.spotter.testing.ApiServerEmulation;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fabric8 CRUD mock plus the one subresource it lacks: POST .../pods/NAME/eviction. Like the API server, it
 * answers 429 when a PodDisruptionBudget in the store selects the pod (matchLabels) and allows no disruption, 404 for a
 * missing pod, and otherwise deletes the pod and answers 201. It counts eviction requests, so a test can tell whether
 * a client retried. Pod lists with field selectors on spec.nodeName / status.phase are evaluated as the API server
 * does (the CRUD mock alone would match nothing).
 */
final class EvictionDispatcher extends Dispatcher {
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final ApiServerEmulation emulation = new ApiServerEmulation(crud);
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile int failWith;
    private volatile String[] concurrentNodeChange;
    private final AtomicInteger evictionRequests = new AtomicInteger();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.incrementAndGet();
        authorizations.add(String.valueOf(request.getHeader("Authorization")));
        if (failWith != 0) {
            return status(failWith, "InternalError", "injected failure");
        }
        String path = request.getPath().split("\\?", 2)[0];
        String[] change = concurrentNodeChange;
        if ("PATCH".equals(request.getMethod()) && change != null && path.equals("/api/v1/nodes/" + change[0])) {
            concurrentNodeChange = null;
            crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, path,
                    Headers.builder().add("Content-Type", "application/json-patch+json").build(),
                    new Buffer().writeUtf8(change[1])));
        }
        if (ApiServerEmulation.isEviction(request)) {
            evictionRequests.incrementAndGet();
        }
        return emulation.answer(request).orElseGet(() -> crud.dispatch(request));
    }

    /** Empties the store and forgets what was counted and injected. */
    void reset() {
        crud.reset();
        requests.set(0);
        evictionRequests.set(0);
        authorizations.clear();
        failWith = 0;
        concurrentNodeChange = null;
    }

    /** Every later request is answered with this status (0: serve normally). */
    void failWith(int code) {
        failWith = code;
    }

    /** Just before the next PATCH of that node is served, another writer applies this JSON patch to it. */
    void changeNodeBeforeNextPatch(String nodeName, String jsonPatch) {
        concurrentNodeChange = new String[] {nodeName, jsonPatch};
    }

    int requests() {
        return requests.get();
    }

    List<String> authorizations() {
        return authorizations;
    }

    int evictionRequests() {
        return evictionRequests.get();
    }

    private static MockResponse status(int code, String reason, String message) {
        return ApiServerEmulation.status(code, reason, message);
    }
}
