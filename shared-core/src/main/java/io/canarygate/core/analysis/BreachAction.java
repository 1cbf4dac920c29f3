package io.canarygate.core.analysis;

/**
 * What a failed objective makes the rollout do: the decision matrix. When several objectives fail at once the most
 * severe action wins (rollback, then gradual-rollback, then pause).
 */
public enum BreachAction {
    /** Weight 0 at once, canary scaled down. */
    ROLLBACK("rollback"),
    /** Step the weight down, still judging; a further breach drops it to 0 at once. */
    GRADUAL_ROLLBACK("gradual-rollback"),
    /** Hold the current weight and stop the pipeline for a person to decide. */
    PAUSE("pause");

    private final String id;

    BreachAction(String id) {
        this.id = id;
    }

    /** As written in canary.yaml. */
    public String id() {
        return id;
    }

    /** The more severe of the two. */
    public BreachAction mostSevere(BreachAction other) {
        return ordinal() <= other.ordinal() ? this : other;
    }
}
