package dev.spotter.infra;

/** Which EventBridge bus Spotter publishes its decisions to (context key eventBus). */
public enum DecisionEventBus {
    /** A bus the stack creates, named spotter-CLUSTER (the default). */
    SPOTTER,
    /** The account's default bus. */
    DEFAULT;

    public static DecisionEventBus parse(String value) {
        return switch (value) {
            case "spotter" -> SPOTTER;
            case "default" -> DEFAULT;
            default -> throw new InvalidConfigurationException("eventBus must be spotter (a bus of Spotter's own) or "
                    + "default (the account's default bus), got '" + value + "'");
        };
    }
}
