package io.canarygate.core.analysis;

import java.util.List;

/** What an analysis concluded. */
public sealed interface Verdict {

    /** PASS, FAIL or INCONCLUSIVE, for outputs and reports. */
    String id();

    /** One sentence for logs and summaries. */
    String reason();

    /** Every objective held with enough evidence for the whole window. */
    record Pass(String reason) implements Verdict {
        @Override
        public String id() {
            return "PASS";
        }
    }

    /**
     * One or more objectives failed.
     *
     * @param objectives the failed objectives
     * @param reason e.g. {@code error-rate breached 3 times in a row (0.07 > 0.05)}
     * @param action what the rollout should do (the most severe action among the failed objectives)
     * @param evidence the measurements that decided it
     */
    record Fail(List<String> objectives, String reason, BreachAction action, List<Measurement> evidence)
            implements Verdict {
        public Fail {
            objectives = List.copyOf(objectives);
            evidence = List.copyOf(evidence);
        }

        @Override
        public String id() {
            return "FAIL";
        }
    }

    /**
     * Not enough evidence to pass, and no failure either: the rollout holds and a person decides.
     *
     * @param objectives the objectives that lacked evidence
     */
    record Inconclusive(List<String> objectives, String reason) implements Verdict {
        public Inconclusive {
            objectives = List.copyOf(objectives);
        }

        @Override
        public String id() {
            return "INCONCLUSIVE";
        }
    }
}
