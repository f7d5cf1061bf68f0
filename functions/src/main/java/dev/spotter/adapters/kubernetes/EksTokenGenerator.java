package dev.spotter.adapters.kubernetes;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Makes EKS bearer tokens the way aws-iam-authenticator (and {@code aws eks get-token}) does: a presigned STS
 * GetCallerIdentity URL, with the cluster name in the signed {@code x-k8s-aws-id} header, base64url-encoded behind
 * {@code k8s-aws-v1.}. The API server replays the URL against STS to learn who we are.
 *
 * <p>The URL always names the real regional STS host, even when AWS_ENDPOINT_URL(_STS) points elsewhere: it is the EKS
 * control plane, not this process, that calls it, and aws-iam-authenticator rejects any other host.
 */
public final class EksTokenGenerator {
    static final String PREFIX = "k8s-aws-v1.";
    static final String CLUSTER_ID_HEADER = "x-k8s-aws-id";
    /** The presigned URL's own lifetime; the API server accepts a token for 15 minutes from its signing time. */
    static final Duration URL_EXPIRY = Duration.ofSeconds(60);

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** @param credentials resolved on every call, so rotated Lambda credentials are picked up */
    public EksTokenGenerator(Region region, AwsCredentialsProvider credentials, Clock clock) {
        this.region = region;
        this.credentials = credentials;
        this.clock = clock;
    }

    public String tokenFor(String clusterName) {
        SdkHttpRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(stsHost(region))
                .encodedPath("/")
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader(CLUSTER_ID_HEADER, clusterName)
                .build();
        SdkHttpRequest signed = signer.sign(r -> r
                .request(request)
                .identity(credentials.resolveCredentials())
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, URL_EXPIRY)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        String url = signed.getUri().toString();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }

    static String stsHost(Region region) {
        RegionMetadata metadata = region.metadata();
        String domain = metadata == null ? "amazonaws.com" : metadata.domain();
        return "sts." + region.id() + "." + domain;
    }
}
