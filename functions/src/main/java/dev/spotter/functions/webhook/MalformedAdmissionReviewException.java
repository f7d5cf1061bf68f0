package dev.spotter.functions.webhook;

/** A webhook body that is not an AdmissionReview v1 request; {@link #field()} names what was wrong. */
public class MalformedAdmissionReviewException extends RuntimeException {
    private final String field;

    public MalformedAdmissionReviewException(String field, String problem) {
        super("admission review field '" + field + "': " + problem);
        this.field = field;
    }

    public MalformedAdmissionReviewException(String field, String problem, Throwable cause) {
        super("admission review field '" + field + "': " + problem, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
