package io.canarygate.core.engine;

/** Receives the engine's progress. Called on engine threads; implementations must be quick and must not throw. */
@FunctionalInterface
public interface RolloutListener {
    RolloutListener NONE = e -> {};

    void on(RolloutEvent event);
}
