package dev.spotter.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpotterCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(SpotterCli cli, String... args) {
        return cli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_whenUnknownCommand_exitsTwoWithUsageOnStderr() {
        int code = run(SpotterCli.withDiscoveredCommands(), "deploy");

        assertThat(code).isEqualTo(2);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("unknown command 'deploy'").contains("usage: spotter").contains("plan").contains("bench");
    }

    @Test
    void run_whenNoArguments_exitsTwo() {
        assertThat(run(SpotterCli.withDiscoveredCommands())).isEqualTo(2);
        assertThat(stderr()).contains("usage: spotter");
    }

    @Test
    void run_whenHelp_listsCommandsOnStdout() {
        int code = run(SpotterCli.withDiscoveredCommands(), "--help");

        assertThat(code).isZero();
        assertThat(stdout()).contains("plan ").contains("bench ");
    }

    @Test
    void run_whenCommandRegistered_dispatchesWithRemainingArguments() {
        RecordingCommand recording = new RecordingCommand();
        SpotterCli cli = new SpotterCli(List.of(recording));

        int code = run(cli, "record", "-x", "y");

        assertThat(code).isEqualTo(7);
        assertThat(recording.received).containsExactly("-x", "y");
    }

    @Test
    void run_whenTwoCommandsShareAName_firstRegisteredWins() {
        RecordingCommand first = new RecordingCommand();
        RecordingCommand second = new RecordingCommand();

        run(new SpotterCli(List.of(first, second)), "record");

        assertThat(first.received).isNotNull();
        assertThat(second.received).isNull();
    }

    @Test
    void withDiscoveredCommands_whenServiceRegistered_includesIt() {
        int code = run(SpotterCli.withDiscoveredCommands(), "test-echo", "hello");

        assertThat(code).isZero();
        assertThat(stdout()).isEqualTo("hello\n");
    }

    @Test
    void run_whenCommandFailsUnexpectedly_exitsOneWithTheErrorOnStderr() {
        Command failing = new Command() {
            @Override
            public String name() {
                return "fail";
            }

            @Override
            public String help() {
                return "throws";
            }

            @Override
            public int run(List<String> args, PrintStream out, PrintStream err) {
                throw new IllegalStateException("boom");
            }
        };

        int code = run(new SpotterCli(List.of(failing)), "fail");

        assertThat(code).isEqualTo(1);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("internal error").contains("boom");
    }

    static final class RecordingCommand implements Command {
        List<String> received;

        @Override
        public String name() {
            return "record";
        }

        @Override
        public String help() {
            return "records its arguments";
        }

        @Override
        public int run(List<String> args, PrintStream out, PrintStream err) {
            received = List.copyOf(args);
            return 7;
        }
    }
}
