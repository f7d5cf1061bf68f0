package dev.spotter.adapters.ec2;

import dev.spotter.adapters.aws.CallPolicy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the SDK clients the EC2 adapter uses, with the timeouts and retries of {@link CallPolicy#EC2} on the
 * URL-connection HTTP client. Region and credentials come from the SDK's default chains, so credentials are fetched
 * (and refreshed) by the SDK, never captured here; AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EC2 (moto, LocalStack) are
 * honoured by the SDK.
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static Ec2Client ec2() {
        return CallPolicy.EC2.build(Ec2Client.builder());
    }

    /** SSM for the public AMI parameters, which the launch path reads next to its EC2 calls. */
    public static SsmClient ssm() {
        return CallPolicy.EC2.build(SsmClient.builder());
    }
}
