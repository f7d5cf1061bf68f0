package dev.spotter.model;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The set of values a label key may take, with Karpenter's algebra: a finite set (In, DoesNotExist) or the
 * complement of one (NotIn, Exists), optionally bounded by integers (Gt, Lt, Gte, Lte), and an optional
 * minimum number of distinct values ({@code minValues}) that a launch must keep open.
 */
public final class Requirement {
    private final String key;
    private final boolean complement;
    private final Set<String> values;
    private final Long greaterThan;
    private final Long lessThan;
    private final int minValues;

    private Requirement(String key, boolean complement, Set<String> values, Long greaterThan, Long lessThan, int minValues) {
        this.key = key;
        this.complement = complement;
        this.values = Collections.unmodifiableSet(values);
        this.greaterThan = greaterThan;
        this.lessThan = lessThan;
        this.minValues = minValues;
    }

    public static Requirement of(String key, Operator operator, Collection<String> values) {
        return of(key, operator, values, 0);
    }

    public static Requirement of(String key, Operator operator, Collection<String> values, int minValues) {
        TreeSet<String> set = new TreeSet<>(values);
        return switch (operator) {
            case IN -> new Requirement(key, false, set, null, null, minValues);
            case NOT_IN -> new Requirement(key, true, set, null, null, minValues);
            case EXISTS -> new Requirement(key, true, new TreeSet<>(), null, null, minValues);
            case DOES_NOT_EXIST -> new Requirement(key, false, new TreeSet<>(), null, null, minValues);
            case GT -> new Requirement(key, true, new TreeSet<>(), single(key, operator, values), null, minValues);
            case LT -> new Requirement(key, true, new TreeSet<>(), null, single(key, operator, values), minValues);
            case GTE -> new Requirement(key, true, new TreeSet<>(), single(key, operator, values) - 1, null, minValues);
            case LTE -> new Requirement(key, true, new TreeSet<>(), null, single(key, operator, values) + 1, minValues);
        };
    }

    public static Requirement in(String key, String... values) {
        return of(key, Operator.IN, java.util.List.of(values));
    }

    public static Requirement exists(String key) {
        return of(key, Operator.EXISTS, Set.of());
    }

    public static Requirement doesNotExist(String key) {
        return of(key, Operator.DOES_NOT_EXIST, Set.of());
    }

    private static long single(String key, Operator operator, Collection<String> values) {
        if (values.size() != 1) {
            throw new IllegalArgumentException("operator " + operator.yamlName() + " on '" + key + "' takes exactly one value, got " + values.size());
        }
        String value = values.iterator().next();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("operator " + operator.yamlName() + " on '" + key + "' needs an integer, got '" + value + "'");
        }
    }

    public String key() {
        return key;
    }

    public int minValues() {
        return minValues;
    }

    /** The concrete values for In; for a complement, the excluded values. */
    public Set<String> values() {
        return values;
    }

    public boolean isComplement() {
        return complement;
    }

    /** The exclusive lower bound set by Gt (or Gte, less one), if any. */
    public java.util.OptionalLong greaterThan() {
        return greaterThan == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(greaterThan);
    }

    /** The exclusive upper bound set by Lt (or Lte, plus one), if any. */
    public java.util.OptionalLong lessThan() {
        return lessThan == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(lessThan);
    }

    /**
     * Rebuilds a requirement from what {@link #operator()}, {@link #values()}, {@link #greaterThan()},
     * {@link #lessThan()} and {@link #minValues()} report, e.g. when reading one back from storage.
     */
    public static Requirement restore(String key, Operator operator, Collection<String> values, Long greaterThan,
                                      Long lessThan, int minValues) {
        if ((greaterThan != null || lessThan != null) && operator != Operator.EXISTS && operator != Operator.NOT_IN) {
            throw new IllegalArgumentException("bounds on '" + key + "' need operator Exists or NotIn, got " + operator.yamlName());
        }
        Requirement restored = of(key, operator, values, minValues);
        return new Requirement(key, restored.complement, new TreeSet<>(restored.values), greaterThan, lessThan, minValues);
    }

    /** The operator that describes this set, as Karpenter reports it (bounds read as Exists/NotIn). */
    public Operator operator() {
        if (complement) {
            return values.isEmpty() ? Operator.EXISTS : Operator.NOT_IN;
        }
        return values.isEmpty() ? Operator.DOES_NOT_EXIST : Operator.IN;
    }

    /** True when a label with this value satisfies the requirement. */
    public boolean has(String value) {
        if (complement) {
            return !values.contains(value) && withinBounds(value);
        }
        return values.contains(value) && withinBounds(value);
    }

    /** True when a node without this label satisfies the requirement. */
    public boolean allowsAbsent() {
        Operator operator = operator();
        return operator == Operator.NOT_IN || operator == Operator.DOES_NOT_EXIST;
    }

    /** How many values the set holds; a complement counts as unbounded. */
    public long size() {
        return complement ? Long.MAX_VALUE - values.size() : values.size();
    }

    public boolean isEmptySet() {
        return size() == 0;
    }

    public Requirement intersect(Requirement other) {
        boolean bothComplement = complement && other.complement;
        Long gt = maxOf(greaterThan, other.greaterThan);
        Long lt = minOf(lessThan, other.lessThan);
        int min = Math.max(minValues, other.minValues);
        if (gt != null && lt != null && gt + 1 >= lt) {
            return new Requirement(key, false, new TreeSet<>(), null, null, min);
        }
        TreeSet<String> result;
        if (bothComplement) {
            result = new TreeSet<>(values);
            result.addAll(other.values);
        } else if (complement) {
            result = new TreeSet<>(other.values);
            result.removeAll(values);
        } else if (other.complement) {
            result = new TreeSet<>(values);
            result.removeAll(other.values);
        } else {
            result = new TreeSet<>(values);
            result.retainAll(other.values);
        }
        result.removeIf(value -> !within(value, gt, lt));
        return bothComplement
                ? new Requirement(key, true, result, gt, lt, min)
                : new Requirement(key, false, result, null, null, min);
    }

    private boolean withinBounds(String value) {
        return within(value, greaterThan, lessThan);
    }

    private static boolean within(String value, Long gt, Long lt) {
        if (gt == null && lt == null) {
            return true;
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return false;
        }
        return (gt == null || number > gt) && (lt == null || number < lt);
    }

    private static Long maxOf(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }

    private static Long minOf(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirement r && r.key.equals(key) && r.complement == complement && r.values.equals(values)
                && java.util.Objects.equals(r.greaterThan, greaterThan) && java.util.Objects.equals(r.lessThan, lessThan)
                && r.minValues == minValues;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(key, complement, values, greaterThan, lessThan, minValues);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(key).append(' ').append(operator().yamlName());
        if (!values.isEmpty()) {
            text.append(' ').append(values);
        }
        if (greaterThan != null) {
            text.append(" >").append(greaterThan);
        }
        if (lessThan != null) {
            text.append(" <").append(lessThan);
        }
        if (minValues > 0) {
            text.append(" minValues=").append(minValues);
        }
        return text.toString();
    }
}
