package dev.spotter.functions.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads AdmissionReview v1 requests and writes the "allowed" response. */
public final class AdmissionReviews {
    public static final String API_VERSION = "admission.k8s.io/v1";
    public static final String KIND = "AdmissionReview";

    private final ObjectMapper mapper;

    public AdmissionReviews(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param body          the HTTP body as the Function URL event carries it
     * @param base64Encoded whether the Function URL base64-encoded it
     * @throws MalformedAdmissionReviewException naming the field that is missing or wrong
     */
    public AdmissionRequest parse(String body, boolean base64Encoded) {
        if (body == null || body.isBlank()) {
            throw new MalformedAdmissionReviewException("body", "is empty");
        }
        String json = base64Encoded ? decode(body) : body;
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedAdmissionReviewException("body", "is not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedAdmissionReviewException("body", "must be a JSON object");
        }
        if (!KIND.equals(root.path("kind").asText())) {
            throw new MalformedAdmissionReviewException("kind", "must be " + KIND + ", was '"
                    + root.path("kind").asText() + "'");
        }
        JsonNode request = root.get("request");
        if (request == null || !request.isObject()) {
            throw new MalformedAdmissionReviewException("request", "is missing");
        }
        String uid = request.path("uid").asText("");
        if (uid.isBlank()) {
            throw new MalformedAdmissionReviewException("request.uid", "is missing");
        }
        JsonNode object = request.path("object");
        JsonNode metadata = object.path("metadata");
        String namespace = firstNonBlank(request.path("namespace").asText(""), metadata.path("namespace").asText(""),
                "default");
        String name = firstNonBlank(request.path("name").asText(""), metadata.path("name").asText(""),
                metadata.path("generateName").asText(""));
        boolean bound = !object.path("spec").path("nodeName").asText("").isBlank();
        return new AdmissionRequest(uid, request.path("kind").path("kind").asText(""),
                request.path("operation").asText(""), namespace, name, request.path("dryRun").asBoolean(false), bound);
    }

    /** {@code {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":..,"allowed":true}}} */
    public String allowed(String uid) {
        ObjectNode review = mapper.createObjectNode();
        review.put("apiVersion", API_VERSION);
        review.put("kind", KIND);
        ObjectNode response = review.putObject("response");
        response.put("uid", uid == null ? "" : uid);
        response.put("allowed", true);
        return review.toString();
    }

    private static String decode(String body) {
        try {
            return new String(Base64.getDecoder().decode(body.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedAdmissionReviewException("body", "is marked base64 but is not base64", e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }
}
