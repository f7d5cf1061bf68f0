package dev.spotter.functions.disruption;

import dev.spotter.disruption.BlockedCandidate;
import dev.spotter.disruption.DisruptionCommand;
import dev.spotter.disruption.DisruptionDecision;
import dev.spotter.disruption.DisruptionInput;
import dev.spotter.disruption.DisruptionPlanner;
import dev.spotter.disruption.Validation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A disruption planner whose decisions the test scripts, so that executor tests pin what is executed, not what is
 * decided; it records the snapshots it was given.
 */
final class ScriptedPlanner implements DisruptionPlanner {
    private Function<DisruptionInput, List<DisruptionCommand>> commands = input -> List.of();
    private Function<DisruptionInput, List<BlockedCandidate>> blocked = input -> List.of();
    private BiFunction<DisruptionCommand, DisruptionInput, Validation> validation = (command, fresh) -> Validation.VALID;
    final List<DisruptionInput> planned = new ArrayList<>();
    final List<DisruptionCommand> validated = new ArrayList<>();

    ScriptedPlanner commands(Function<DisruptionInput, List<DisruptionCommand>> value) {
        this.commands = value;
        return this;
    }

    ScriptedPlanner blocked(Function<DisruptionInput, List<BlockedCandidate>> value) {
        this.blocked = value;
        return this;
    }

    ScriptedPlanner validation(BiFunction<DisruptionCommand, DisruptionInput, Validation> value) {
        this.validation = value;
        return this;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public DisruptionDecision plan(DisruptionInput input) {
        planned.add(input);
        return new DisruptionDecision(commands.apply(input), blocked.apply(input), 0, 0, name());
    }

    @Override
    public Validation validate(DisruptionCommand command, DisruptionInput fresh) {
        validated.add(command);
        return validation.apply(command, fresh);
    }
}
