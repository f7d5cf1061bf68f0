package dev.spotter.functions.wiring;

import dev.spotter.adapters.aws.CallPolicy;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;

/** Reads the configuration object the deployment stores in SSM Parameter Store. */
final class SsmParameters {
    String read(String name) {
        try (SsmClient ssm = CallPolicy.SETTINGS.build(SsmClient.builder())) {
            return ssm.getParameter(GetParameterRequest.builder().name(name).withDecryption(true).build())
                    .parameter().value();
        }
    }
}
