package dev.spotter.local;

import dev.spotter.cli.Command;
import dev.spotter.cli.UsageException;
import dev.spotter.config.ConfigException;
import dev.spotter.config.ConfigLoader;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Samples;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spotter local-setup --endpoint URL}: prepares an AWS emulator (moto's server, started by
 * {@code scripts/local-env.sh}) for {@code spotter invoke} with {@link LocalAwsSetup}, and writes the environment file
 * that points the functions at it. Safe to run again: it reuses what is already there.
 */
public final class LocalSetupCommand implements Command {
    static final String DEFAULT_ENV_FILE = ".spotter-local.env";
    static final String DEFAULT_CLUSTER = "demo";
    static final String DEFAULT_CONFIG = "examples/nodepools.yaml";
    static final String KUBERNETES_VERSION = "1.31";
    /** The emulator accepts any key; these are the ones moto's documentation uses. */
    static final String DUMMY_KEY = "testing";

    @Override
    public String name() {
        return "local-setup";
    }

    @Override
    public String help() {
        return "prepare an AWS emulator for invoke: local-setup --endpoint URL [--env-file FILE] [--cluster NAME] [--config FILE]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Map<String, String> options = options(args);
            if (options.containsKey("--help")) {
                out.println(usage());
                return OK;
            }
            String endpoint = required(options, "--endpoint");
            String region = options.getOrDefault("--region", "us-east-1");
            String cluster = options.getOrDefault("--cluster", DEFAULT_CLUSTER);
            Path config = config(Path.of(options.getOrDefault("--config", DEFAULT_CONFIG)));
            Path envFile = Path.of(options.getOrDefault("--env-file", DEFAULT_ENV_FILE));
            LocalAwsSetup.Result result = setUp(URI.create(endpoint), Region.of(region), cluster, err);
            Map<String, String> variables = variables(endpoint, region, config, result);
            write(envFile, variables);
            out.println("wrote " + envFile + " (" + variables.size() + " variables) for cluster " + cluster + " on " + endpoint);
            return OK;
        } catch (UsageException | ConfigException e) {
            err.println("spotter local-setup: " + e.getMessage());
            return INVALID_INPUT;
        } catch (SdkException e) {
            err.println("spotter local-setup: the AWS endpoint refused a call: " + e.getMessage());
            return FAILED;
        }
    }

    private static LocalAwsSetup.Result setUp(URI endpoint, Region region, String cluster, PrintStream err) {
        try (DynamoDbClient dynamo = client(DynamoDbClient.builder(), endpoint, region);
             SqsClient sqs = client(SqsClient.builder(), endpoint, region);
             Ec2Client ec2 = client(Ec2Client.builder(), endpoint, region);
             SsmClient ssm = client(SsmClient.builder(), endpoint, region);
             EksClient eks = client(EksClient.builder(), endpoint, region)) {
            return new LocalAwsSetup(dynamo, sqs, ec2, ssm, eks, line -> err.println("spotter local-setup: " + line))
                    .run(cluster, region.id(), KUBERNETES_VERSION);
        }
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint, Region region) {
        return builder.endpointOverride(endpoint).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(DUMMY_KEY, DUMMY_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** The variables {@code spotter invoke --env} reads (or a shell sources). */
    static Map<String, String> variables(String endpoint, String region, Path config, LocalAwsSetup.Result result) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_ENDPOINT_URL", endpoint);
        variables.put("AWS_REGION", region);
        variables.put("AWS_DEFAULT_REGION", region);
        variables.put("AWS_ACCESS_KEY_ID", DUMMY_KEY);
        variables.put("AWS_SECRET_ACCESS_KEY", DUMMY_KEY);
        variables.put("SPOTTER_CLUSTER_NAME", result.clusterName());
        variables.put("SPOTTER_CONFIG_FILE", config.toAbsolutePath().normalize().toString());
        variables.put("SPOTTER_TABLE_NAME", result.tableName());
        variables.put("SPOTTER_PROVISIONING_QUEUE_URL", result.queueUrl());
        variables.put("SPOTTER_WEBHOOK_PATH_SECRET", samplePathSecret());
        variables.put("SPOTTER_WEBHOOK_DELAY_SECONDS", "0");
        variables.put("SPOTTER_AMI_PARAMETER_ROOT", result.amiParameterRoot());
        variables.put("SPOTTER_DRY_RUN", "false");
        return variables;
    }

    /** The path segment the sample webhook events are posted to, so that they reach the handler locally. */
    static String samplePathSecret() {
        try {
            return Json.MAPPER.readTree(Samples.read("webhook/admission-pod-create.json")).path("rawPath").asText().substring(1);
        } catch (IOException e) {
            throw new IllegalStateException("sample webhook/admission-pod-create.json is unreadable", e);
        }
    }

    private static void write(Path envFile, Map<String, String> variables) {
        StringBuilder text = new StringBuilder("""
                # Spotter's local environment, written by `spotter local-setup` (scripts/local-env.sh); see docs/local.md.
                # Use it with `./spotter invoke <function> --event FILE --env <this file>`, or source it.
                # Local values only: the webhook path is the one the samples in events/webhook/ use.
                """);
        variables.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        try {
            Files.writeString(envFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot write " + envFile + ": " + e.getMessage(), e);
        }
    }

    /** Fails early, naming the file, when the NodePools and EC2NodeClasses would not load in the functions. */
    private static Path config(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no configuration file " + file + " (NodePools and EC2NodeClasses; --config FILE)");
        }
        try {
            ConfigLoader.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static Map<String, String> options(List<String> args) {
        List<String> valued = List.of("--endpoint", "--env-file", "--cluster", "--region", "--config");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            if (valued.contains(name)) {
                String value = equals > 0 && arg.startsWith("--") ? arg.substring(equals + 1) : null;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option " + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.put(name, value);
            } else if (arg.equals("-h") || arg.equals("--help")) {
                options.put("--help", "true");
            } else {
                throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException(name + " is required (e.g. --endpoint http://127.0.0.1:5000 for moto's server)");
        }
        return value;
    }

    private static String usage() {
        return """
                usage: spotter local-setup --endpoint URL [--env-file FILE] [--cluster NAME] [--region REGION] [--config FILE]

                Creates on the AWS emulator at URL (moto's server: scripts/local-env.sh starts one and runs this) the state
                table, the provisioning queue, a VPC with subnets and a security group tagged karpenter.sh/discovery=NAME,
                the AMI parameters under /spotter-local/NAME/aws/service and an EKS cluster, then writes FILE for
                `spotter invoke --env FILE`. Running it again reuses what exists.

                  --endpoint URL     the emulator (required); dummy credentials are used
                  --env-file FILE    where to write the variables (default .spotter-local.env)
                  --cluster NAME     the cluster name, also the discovery tag value (default demo, as in examples/)
                  --region REGION    default us-east-1
                  --config FILE      NodePools and EC2NodeClasses for SPOTTER_CONFIG_FILE (default examples/nodepools.yaml)
                """;
    }
}
