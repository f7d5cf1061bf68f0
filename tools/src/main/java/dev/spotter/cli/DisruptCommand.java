package dev.spotter.cli;

import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceType;
import dev.spotter.config.ConfigException;
import dev.spotter.disruption.DisruptionDecision;
import dev.spotter.disruption.DisruptionInput;
import dev.spotter.disruption.DisruptionPlanner;
import dev.spotter.manifest.Manifests;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code spotter disrupt}: reads the same manifests as {@code plan} plus PodDisruptionBudgets, rebuilds the cluster's
 * NodeClaims from its Karpenter nodes ({@link DisruptInput}), runs the disruption planner once and prints the decision
 * (docs/cli.md has the JSON contract). Nothing is disrupted.
 */
public final class DisruptCommand implements Command {
    private static final List<Set<String>> VALUED = List.of(Set.of("-f", "--filename"), Set.of("--catalog"), Set.of("--region"),
            Set.of("-o", "--output"), Set.of("--now"), Set.of("--strategy"));
    private static final Set<String> FLAGS = Set.of("-h", "--help");

    private final Clock clock;

    public DisruptCommand() {
        this(Clock.systemUTC());
    }

    DisruptCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "disrupt";
    }

    @Override
    public String help() {
        return "what disruption would do now: -f manifests.yaml [-f ...] [--now RFC3339] [--output json|table]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            Arguments arguments = Arguments.parse(args, VALUED, FLAGS);
            if (arguments.flag("-h") || arguments.flag("--help")) {
                out.println(usage());
                return OK;
            }
            String output = arguments.choice("--output", "table", Set.of("json", "table"));
            DisruptionPlanner planner = DisruptionPlanner.named(arguments.choice("--strategy", DisruptionPlanner.SPOTTER,
                    Set.of(DisruptionPlanner.SPOTTER, DisruptionPlanner.KARPENTER)));
            Instant now = now(arguments.single("--now", null));
            Catalog catalog = PlanCommand.catalog(arguments.single("--catalog", null),
                    arguments.single("--region", CatalogCsv.DEFAULT_REGION));
            Manifests manifests = PlanCommand.read(PlanCommand.files(arguments.all("--filename")));
            manifests.warnings().forEach(warning -> err.println("warning: " + warning));
            Map<String, List<InstanceType>> instanceTypes = PlanCommand.instanceTypes(manifests, catalog, err);
            DisruptionInput input = DisruptInput.of(manifests, instanceTypes, now);
            DisruptionDecision decision;
            try {
                decision = planner.plan(input);
            } catch (IllegalArgumentException e) {
                // budgets and schedules the parser accepted but the planner cannot read
                throw new UsageException(e.getMessage(), e);
            }
            out.print(output.equals("json") ? DisruptReport.toJson(decision) + "\n" : DisruptReport.toTable(decision));
            out.flush();
            return OK;
        } catch (UsageException | ConfigException e) {
            err.println("spotter disrupt: " + e.getMessage());
            return INVALID_INPUT;
        }
    }

    private Instant now(String text) {
        if (text == null) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException("--now: '" + text + "' is not an RFC 3339 time like 2026-06-01T12:00:00Z", e);
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: spotter disrupt -f FILE [-f FILE ...] [--now RFC3339] [--catalog CSV [--region REGION]] [--output json|table]",
                "                       [--strategy spotter|karpenter]",
                "  -f, --filename FILE   Kubernetes YAML (multi-document): NodePool, EC2NodeClass, Node, Pod, PodDisruptionBudget,",
                "                        DaemonSet; Nodes labelled karpenter.sh/nodepool are the candidates",
                "  --now TIME            the decision's time (default: now), e.g. 2026-06-01T12:00:00Z",
                "  --catalog CSV         instance catalog (default: the shipped us-east-1 catalog)",
                "  --region REGION       the catalog's region (default us-east-1)",
                "  -o, --output FORMAT   table (default) or json",
                "  --strategy NAME       spotter (default) or karpenter (the Karpenter v1 baseline)");
    }
}
