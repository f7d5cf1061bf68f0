package dev.spotter.adapters.kubernetes;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class EksTokenGeneratorTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

    private final EksTokenGenerator generator =
            new EksTokenGenerator(Region.EU_WEST_1, CREDENTIALS, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void tokenFor_always_isPrefixedUnpaddedBase64Url() {
        String token = generator.tokenFor("prod");

        assertThat(token).startsWith("k8s-aws-v1.");
        assertThat(token.substring("k8s-aws-v1.".length())).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void tokenFor_always_decodesToPresignedRegionalGetCallerIdentityUrl() {
        URI url = decode(generator.tokenFor("prod"));
        Map<String, String> query = queryOf(url);

        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getHost()).isEqualTo("sts.eu-west-1.amazonaws.com");
        assertThat(url.getRawPath()).isEqualTo("/");
        assertThat(query).containsEntry("Action", "GetCallerIdentity").containsEntry("Version", "2011-06-15");
        assertThat(query).containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                .containsEntry("X-Amz-Expires", "60")
                .containsEntry("X-Amz-Date", "20250301T120000Z")
                .containsKey("X-Amz-Signature");
        assertThat(query.get("X-Amz-Credential")).isEqualTo("AKIDEXAMPLE/20250301/eu-west-1/sts/aws4_request");
        assertThat(Arrays.asList(query.get("X-Amz-SignedHeaders").split(";"))).contains("host", "x-k8s-aws-id");
    }

    @Test
    void tokenFor_differentClusters_signDifferently() {
        assertThat(generator.tokenFor("prod")).isNotEqualTo(generator.tokenFor("staging"));
    }

    @Test
    void tokenFor_chinaRegion_usesChinaStsDomain() {
        EksTokenGenerator china = new EksTokenGenerator(Region.CN_NORTH_1, CREDENTIALS, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(decode(china.tokenFor("prod")).getHost()).isEqualTo("sts.cn-north-1.amazonaws.com.cn");
    }

    @Test
    void tokenFor_eachCall_resolvesCredentialsAgain() {
        AtomicInteger resolutions = new AtomicInteger();
        AwsCredentialsProvider counting = () -> {
            resolutions.incrementAndGet();
            return AwsBasicCredentials.create("AKID" + resolutions.get(), "secret");
        };
        EksTokenGenerator rotating = new EksTokenGenerator(Region.US_EAST_1, counting, Clock.fixed(NOW, ZoneOffset.UTC));

        String first = rotating.tokenFor("prod");
        String second = rotating.tokenFor("prod");

        assertThat(resolutions).hasValue(2);
        assertThat(queryOf(decode(second)).get("X-Amz-Credential")).startsWith("AKID2/");
        assertThat(first).isNotEqualTo(second);
    }

    static URI decode(String token) {
        byte[] bytes = Base64.getUrlDecoder().decode(token.substring(EksTokenGenerator.PREFIX.length()));
        return URI.create(new String(bytes, StandardCharsets.UTF_8));
    }

    static Map<String, String> queryOf(URI url) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : List.of(url.getRawQuery().split("&"))) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
