package dev.spotter.functions.wiring;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;

/** Reads the configuration object the deployment stores in SSM Parameter Store. */
final class SsmParameters {
    String read(String name) {
        try (SsmClient ssm = SsmClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            return ssm.getParameter(GetParameterRequest.builder().name(name).withDecryption(true).build())
                    .parameter().value();
        }
    }
}
