package dev.spotter.cloud;

/** An EC2 instance's lifecycle state. */
public enum InstanceState {
    PENDING, RUNNING, STOPPING, STOPPED, SHUTTING_DOWN, TERMINATED;

    /** True when the instance is terminated or on its way there. */
    public boolean isGone() {
        return this == SHUTTING_DOWN || this == TERMINATED;
    }

    /** Maps EC2's state name ("shutting-down") to the enum. */
    public static InstanceState fromEc2(String name) {
        for (InstanceState state : values()) {
            if (state.name().replace('_', '-').equalsIgnoreCase(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown EC2 instance state '" + name + "'");
    }
}
