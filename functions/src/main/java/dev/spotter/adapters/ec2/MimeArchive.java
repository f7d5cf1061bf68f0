package dev.spotter.adapters.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A MIME multi-part user-data document, as cloud-init and nodeadm read it: parsed from a user's document part by part,
 * and written with Karpenter's layout (boundary "//", LF line ends).
 */
final class MimeArchive {
    static final String BOUNDARY = "//";
    static final String NODE_CONFIG = "application/node.eks.aws";
    static final String SHELL_SCRIPT = "text/x-shellscript; charset=\"us-ascii\"";

    record Part(String contentType, String content) {
    }

    private final List<Part> parts;

    MimeArchive(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    List<Part> parts() {
        return parts;
    }

    static boolean looksLikeMime(String text) {
        String trimmed = text.strip();
        return trimmed.startsWith("MIME-Version:") || trimmed.startsWith("Content-Type:");
    }

    /** Parses a multi-part document; a malformed one is reported with what was wrong. */
    static MimeArchive parse(String document) {
        String text = document.replace("\r\n", "\n");
        int headerEnd = text.indexOf("\n\n");
        if (headerEnd < 0) {
            throw new IllegalArgumentException("MIME user data has no blank line after its headers");
        }
        String boundary = boundaryOf(header(text.substring(0, headerEnd), "content-type"));
        String body = text.substring(headerEnd + 2);
        String delimiter = "--" + boundary;
        List<Part> parsed = new ArrayList<>();
        int start = body.indexOf(delimiter);
        if (start < 0) {
            throw new IllegalArgumentException("MIME user data has no part delimited by '" + delimiter + "'");
        }
        while (true) {
            int lineEnd = body.indexOf('\n', start);
            if (body.startsWith(delimiter + "--", start) || lineEnd < 0) {
                break;
            }
            int next = body.indexOf("\n" + delimiter, lineEnd);
            if (next < 0) {
                throw new IllegalArgumentException("MIME user data part is not closed by '" + delimiter + "--'");
            }
            parsed.add(part(body.substring(lineEnd + 1, next + 1)));
            start = next + 1;
        }
        return new MimeArchive(parsed);
    }

    private static Part part(String raw) {
        int split = raw.indexOf("\n\n");
        String headers = split < 0 ? raw : raw.substring(0, split);
        String content = split < 0 ? "" : raw.substring(split + 2);
        String type = header(headers, "content-type");
        return new Part(type.isEmpty() ? "text/plain" : type, content);
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    private static String boundaryOf(String contentType) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new IllegalArgumentException("MIME user data is not multipart (Content-Type: " + contentType + ")");
        }
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = trimmed.substring("boundary=".length()).trim();
                return value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        throw new IllegalArgumentException("MIME user data Content-Type has no boundary: " + contentType);
    }

    /** The document, with Karpenter's layout. */
    String serialize() {
        StringBuilder out = new StringBuilder("MIME-Version: 1.0\n")
                .append("Content-Type: multipart/mixed; boundary=\"").append(BOUNDARY).append("\"\n\n");
        for (Part part : parts) {
            out.append("--").append(BOUNDARY).append('\n')
                    .append("Content-Type: ").append(part.contentType()).append("\n\n")
                    .append(part.content());
            if (!part.content().endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.append("--").append(BOUNDARY).append("--\n").toString();
    }
}
