package dev.spotter.local;

import dev.spotter.cli.Command;
import dev.spotter.cli.UsageException;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.cluster.EvictionResult;
import dev.spotter.cluster.NodeNotFoundException;
import dev.spotter.manifest.ManifestReader;
import dev.spotter.model.Taint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvokeCommandTest {
    @TempDir
    Path dir;

    @Test
    void serviceLoader_findsInvokeAndLocalSetupForTheCli() {
        List<String> names = ServiceLoader.load(Command.class).stream().map(p -> p.get().name()).toList();

        assertThat(names).contains("invoke", "local-setup");
    }

    @Test
    void help_listsEveryFunctionWithItsHandlerAndTheSamplesEachTakes() {
        Run run = invoke("--help");

        assertThat(run.code).isZero();
        assertThat(run.out).contains("webhook", "PendingPodWebhookHandler", "provisioner", "ProvisionerHandler",
                "interruption", "InterruptionHandler", "tick", "ReconcileTickHandler", "--mock-cluster", "--dry-run");
        String provisioner = run.out.substring(run.out.indexOf("  provisioner:"), run.out.indexOf("  interruption:"));
        String interruption = run.out.substring(run.out.indexOf("  interruption:"), run.out.indexOf("  tick:"));
        assertThat(provisioner).contains("sqs/provisioning-signal.json", "provisioning/pod-created.json")
                .doesNotContain("spot-interruption");
        assertThat(interruption).contains("sqs/spot-interruption.json", "eventbridge/unknown-kind.json", "sqs/batch-with-poison.json")
                .doesNotContain("provisioning-signal");
    }

    @Test
    void run_whenUsageIsWrong_exitsWithTwoAndSaysWhat() {
        assertThat(invoke().err).contains("which function?");
        assertThat(invoke("webhook").err).contains("--event FILE is required");
        assertThat(invoke("lambda", "--event", "tick/scheduled.json").err).contains("unknown function 'lambda'");
        assertThat(invoke("tick", "--event", "nope.json").err).contains("no event file or sample named 'nope.json'");
        assertThat(invoke("tick", "--event", "tick/scheduled.json", "--timeout", "0").err).contains("1..900");
        assertThat(invoke("tick", "--event", "tick/scheduled.json", "--colour").err).contains("unknown option --colour");
        assertThat(invoke("tick", "--event", "tick/scheduled.json", "--mock-cluster", dir.resolve("none.yaml").toString()).err)
                .contains("none.yaml");
        assertThat(invoke("webhook", "--event", "tick/scheduled.json").code).isEqualTo(Command.INVALID_INPUT);
    }

    @Test
    void run_whenTheEnvFileIsMalformed_namesItsLine() throws Exception {
        Path env = dir.resolve("bad.env");
        Files.writeString(env, "# fine\nSPOTTER_CLUSTER_NAME=demo\nthis is not a variable\n");

        Run run = invoke("tick", "--event", "tick/scheduled.json", "--env", env.toString());

        assertThat(run.code).isEqualTo(Command.INVALID_INPUT);
        assertThat(run.err).contains("bad.env:3: expected NAME=value");
        assertThat(run.out).isEmpty();
    }

    @Test
    void samples_resolve_acceptsAPathUnderEventsFromAnyDirectory() {
        assertThat(LocalSamples.resolve("events/sqs/spot-interruption.json").json()).contains("Records");
        assertThat(LocalSamples.resolve("sqs/spot-interruption.json").source()).isEqualTo("sample sqs/spot-interruption.json");
    }

    @Test
    void function_named_acceptsShortAndClassNamesInAnyCase() {
        assertThat(LocalFunction.named("TICK")).contains(LocalFunction.TICK);
        assertThat(LocalFunction.named("ProvisionerHandler")).contains(LocalFunction.PROVISIONER);
        assertThat(LocalFunction.named("dev.spotter.functions.interruption.InterruptionHandler")).contains(LocalFunction.INTERRUPTION);
        assertThat(LocalFunction.named("scheduler")).isEmpty();
    }

    @Test
    void options_parse_readsValuesFlagsAndEqualsForms() {
        InvokeOptions options = InvokeOptions.parse(List.of("tick", "--event=tick/scheduled.json", "--env", "a.env",
                "--dry-run", "--mock-cluster", "c.yaml", "--timeout", "120"));

        assertThat(options.function()).isEqualTo("tick");
        assertThat(options.event()).isEqualTo("tick/scheduled.json");
        assertThat(options.envFile()).isEqualTo(Path.of("a.env"));
        assertThat(options.dryRun()).isTrue();
        assertThat(options.mockCluster()).isEqualTo(Path.of("c.yaml"));
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThatThrownBy(() -> InvokeOptions.parse(List.of("tick", "--event", "a", "--event", "b")))
                .hasMessageContaining("--event given twice");
        assertThatThrownBy(() -> InvokeOptions.parse(List.of("tick", "webhook", "--event", "a")))
                .hasMessageContaining("one function at a time");
    }

    @Test
    void envFile_parse_readsTheFormsAShellSources() {
        Map<String, String> variables = EnvFile.parse("f", List.of(
                "# comment", "", "A=1", "export B='two words'", "C=\"quoted # not a comment\"", "D=plain # comment",
                "E=", "F=x=y"));

        assertThat(variables).containsExactly(Map.entry("A", "1"), Map.entry("B", "two words"),
                Map.entry("C", "quoted # not a comment"), Map.entry("D", "plain"), Map.entry("E", ""), Map.entry("F", "x=y"));
        assertThatThrownBy(() -> EnvFile.parse("f", List.of("1A=x"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("f:1");
        assertThatThrownBy(() -> EnvFile.parse("f", List.of("A='open"))).hasMessageContaining("unterminated");
    }

    @Test
    void awsSystemProperties_apply_setsTheSdkPropertiesAndCloseRestoresThem() {
        System.setProperty("aws.region", "eu-west-1");
        Set<String> applied = new TreeSet<>();
        try (AwsSystemProperties scope = AwsSystemProperties.apply(Map.of("AWS_DEFAULT_REGION", "us-west-2",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000", "SPOTTER_TABLE_NAME", "t"), applied)) {
            assertThat(System.getProperty("aws.region")).isEqualTo("us-west-2");
            assertThat(System.getProperty("aws.endpointUrlDynamoDb")).isEqualTo("http://127.0.0.1:8000");
            assertThat(applied).containsExactly("AWS_ENDPOINT_URL_DYNAMODB", "AWS_REGION");
        } finally {
            assertThat(System.getProperty("aws.region")).isEqualTo("eu-west-1");
            assertThat(System.getProperty("aws.endpointUrlDynamoDb")).isNull();
            System.clearProperty("aws.region");
        }
    }

    @Test
    void context_remainingTime_countsDownFromTheTimeout() {
        Instant start = Instant.parse("2025-11-03T14:05:00Z");
        MutableClock clock = new MutableClock(start);
        LocalContext context = new LocalContext("spotter-tick-local", "r-1", clock, Duration.ofSeconds(60), System.err);

        clock.now = start.plusSeconds(45);

        assertThat(context.getRemainingTimeInMillis()).isEqualTo(15_000);
        assertThat(context.getAwsRequestId()).isEqualTo("r-1");
        assertThat(context.getFunctionName()).isEqualTo("spotter-tick-local");
        clock.now = start.plusSeconds(90);
        assertThat(context.getRemainingTimeInMillis()).isZero();
    }

    @Test
    void metrics_flush_printsOneSortedLineAndStartsOver() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LocalMetrics metrics = new LocalMetrics(new PrintStream(err, true, StandardCharsets.UTF_8));

        metrics.count("B");
        metrics.count("A", 2);
        metrics.count("B");
        metrics.milliseconds("PassTime", 12.5);
        metrics.flush();
        metrics.flush();

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("metrics: A=2 B=2 PassTime=12.5ms" + System.lineSeparator());
    }

    @Test
    void mockCluster_servesTheManifestAndAppliesWrites() throws Exception {
        MockCluster cluster = new MockCluster(ManifestReader.read(Path.of(
                getClass().getClassLoader().getResource("local/mock-cluster.yaml").toURI())));
        String node = "ip-10-77-1-10.ec2.internal";
        Taint disrupted = new Taint("karpenter.sh/disrupted", "", Taint.NO_SCHEDULE);

        assertThat(cluster.listUnschedulablePods()).extracting(p -> p.key()).containsExactly("shop/checkout-0", "shop/checkout-1");
        assertThat(cluster.listPodsOnNode(node)).extracting(p -> p.key()).containsExactly("shop/api-0");
        assertThat(cluster.listNodes()).singleElement().satisfies(n -> assertThat(n.instanceId()).isEqualTo("i-0aaaaaaaaaaaaaaa1"));

        cluster.taintNode(node, disrupted);
        cluster.taintNode(node, disrupted);
        cluster.cordonNode(node);
        assertThat(cluster.evictPod("shop", "api-0")).isEqualTo(EvictionResult.EVICTED);
        assertThat(cluster.evictPod("shop", "api-0")).isEqualTo(EvictionResult.NOT_FOUND);
        cluster.recordEvent(ClusterEvent.onNode(node, ClusterEvent.Type.NORMAL, ClusterEvent.DISRUPTION_TERMINATING, "bye"));

        assertThat(cluster.listNodes().get(0).taints()).containsExactly(disrupted);
        assertThat(cluster.listNodes().get(0).unschedulable()).isTrue();
        assertThat(cluster.listBoundPods()).isEmpty();
        assertThat(cluster.events()).extracting(ClusterEvent::reason).containsExactly(ClusterEvent.DISRUPTION_TERMINATING);
        cluster.deleteNode(node);
        assertThat(cluster.listNodes()).isEmpty();
        assertThatThrownBy(() -> cluster.cordonNode(node)).isInstanceOf(NodeNotFoundException.class);
    }

    private static Run invoke(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new InvokeCommand(false, Map.of(), Clock.systemUTC()).run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
