package dev.spotter.adapters.kubernetes;

import io.fabric8.kubernetes.client.OAuthTokenProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Hands the Kubernetes client an EKS token for every request, signing a new one only when the cached one is ten
 * minutes old: the API server accepts a token for fifteen, which leaves room for a slow request and clock skew.
 * Nothing is signed until the first request, so a SnapStart snapshot never holds a token or credentials.
 */
public final class EksTokenProvider implements OAuthTokenProvider {
    static final Duration REFRESH_AFTER = Duration.ofMinutes(10);

    private final String clusterName;
    private final Function<String, String> tokens;
    private final Clock clock;
    private String token;
    private Instant signedAt;

    public EksTokenProvider(String clusterName, EksTokenGenerator generator, Clock clock) {
        this(clusterName, generator::tokenFor, clock);
    }

    EksTokenProvider(String clusterName, Function<String, String> tokens, Clock clock) {
        this.clusterName = clusterName;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public synchronized String getToken() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(signedAt.plus(REFRESH_AFTER)) || now.isBefore(signedAt)) {
            token = tokens.apply(clusterName);
            signedAt = now;
        }
        return token;
    }

    /** Forgets the cached token, e.g. after the API server answered 401. */
    public synchronized void invalidate() {
        token = null;
    }
}
