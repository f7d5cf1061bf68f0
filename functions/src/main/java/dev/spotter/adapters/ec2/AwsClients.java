package dev.spotter.adapters.ec2;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the SDK clients the EC2 adapter uses, with the URL-connection HTTP client (small and quick to start in
 * Lambda). Region and credentials come from the SDK's default chains, so credentials are fetched (and refreshed) by
 * the SDK, never captured here; AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EC2 (moto, LocalStack) are honoured by the SDK.
 */
public final class AwsClients {
    /** The Pricing API is served only in a few regions; us-east-1 answers for every region's prices. */
    public static final Region PRICING_REGION = Region.US_EAST_1;

    private AwsClients() {
    }

    public static Ec2Client ec2() {
        return Ec2Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static SsmClient ssm() {
        return SsmClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static PricingClient pricing() {
        return PricingClient.builder().region(PRICING_REGION).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
