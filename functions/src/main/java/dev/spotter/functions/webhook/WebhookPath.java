package dev.spotter.functions.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The secret path segment that makes the public Function URL answer only the cluster's API server: the webhook's
 * URL is {@code https://<url-id>.lambda-url.<region>.on.aws/<secret>}. Compared through SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken reveals neither the secret's characters nor its length.
 */
public final class WebhookPath {
    private final byte[] expected;

    public WebhookPath(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("webhook path secret is empty");
        }
        if (secret.contains("/")) {
            throw new IllegalArgumentException("webhook path secret must be one path segment (no '/')");
        }
        this.expected = sha256("/" + secret.trim());
    }

    /** True for {@code /<secret>} and {@code /<secret>/}. */
    public boolean matches(String rawPath) {
        if (rawPath == null) {
            return false;
        }
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1)
                : rawPath;
        return MessageDigest.isEqual(expected, sha256(path));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
