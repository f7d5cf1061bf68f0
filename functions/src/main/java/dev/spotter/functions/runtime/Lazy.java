package dev.spotter.functions.runtime;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use and kept: for AWS clients, which cost tens of milliseconds to build, so an
 * invocation that does not need one does not pay for it and those that do pay once per instance.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> factory;
    private volatile T value;

    private Lazy(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public static <T> Lazy<T> of(Supplier<? extends T> factory) {
        return new Lazy<>(factory);
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = Objects.requireNonNull(factory.get(), "factory returned null");
                    value = current;
                }
            }
        }
        return current;
    }

    public boolean isBuilt() {
        return value != null;
    }
}
