package io.canarygate.core.spec;

/** How traffic leaves the canary on rollback. */
public enum RollbackMode {
    /** Weight 0 in one call. */
    IMMEDIATE,
    /**
     * The weight steps down with a pause between steps while objectives are still judged; a breach during the descent
     * drops it to 0 at once.
     */
    GRADUAL;

    /** The value users write: {@code immediate} or {@code gradual}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
