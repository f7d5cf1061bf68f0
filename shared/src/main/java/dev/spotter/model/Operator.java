package dev.spotter.model;

/** Label selector operators, as Karpenter v1 accepts them in NodePool and pod node affinity. */
public enum Operator {
    IN("In"), NOT_IN("NotIn"), EXISTS("Exists"), DOES_NOT_EXIST("DoesNotExist"), GT("Gt"), LT("Lt"), GTE("Gte"), LTE("Lte");

    private final String yamlName;

    Operator(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** Looks up an operator by its Kubernetes spelling ("In", "NotIn", ...). */
    public static Operator fromYaml(String name) {
        for (Operator operator : values()) {
            if (operator.yamlName.equals(name)) {
                return operator;
            }
        }
        throw new IllegalArgumentException("unknown operator '" + name + "' (expected In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte or Lte)");
    }
}
