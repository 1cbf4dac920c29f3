package io.canarygate.demo;

import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.engine.ProgressFormatter;
import io.canarygate.core.engine.RolloutEvent;
import io.canarygate.core.engine.RolloutListener;
import io.canarygate.core.state.Phase;
import java.io.PrintStream;
import java.util.List;

/**
 * The demo's live view of the engine's events: a header and a weight bar per stage, each event as the faces print it
 * ({@link ProgressFormatter}), and after each evaluation what the traffic generator sees. ANSI colour only when asked
 * (a terminal, and {@code NO_COLOR} unset).
 */
final class LiveDisplay implements RolloutListener {
    private final PrintStream out;
    private final boolean color;
    private final List<Integer> stageWeights;
    private final WeightProbe probe;
    private final DemoService canary;
    private long lastCanaryRequests;
    private long lastCanaryErrors;
    private int stage;

    LiveDisplay(PrintStream out, boolean color, List<Integer> stageWeights, WeightProbe probe, DemoService canary) {
        this.out = out;
        this.color = color;
        this.stageWeights = List.copyOf(stageWeights);
        this.probe = probe;
        this.canary = canary;
    }

    /** Whether colour suits this process's stdout: a console, and no {@code NO_COLOR}. */
    static boolean colorWanted() {
        String noColor = System.getenv("NO_COLOR");
        return System.console() != null && (noColor == null || noColor.isEmpty());
    }

    @Override
    public synchronized void on(RolloutEvent event) {
        try {
            if (event instanceof RolloutEvent.PhaseChanged p) {
                header(p);
            }
            if (event instanceof RolloutEvent.WeightChanged w) {
                // The bar says what the formatter's weight line says, larger.
                out.println("  " + bar(w.from(), w.to()));
                return;
            }
            String line = ProgressFormatter.format(event);
            out.println("  " + paint(line, colourOf(event)));
            if (event instanceof RolloutEvent.Evaluated) {
                out.println("  " + paint(trafficLine(), DIM));
            }
        } catch (RuntimeException e) {
            // A listener must not throw into the engine; show the raw event instead.
            out.println("  " + event);
        }
    }

    void note(String text) {
        synchronized (this) {
            out.println(paint(text, DIM));
        }
    }

    /** The last line: green when promoted, red when rolled back. */
    void finalPhase(Phase phase) {
        synchronized (this) {
            out.println();
            String style = phase == Phase.PROMOTED ? GREEN + BOLD : phase == Phase.ROLLED_BACK ? RED + BOLD : BOLD;
            out.println(paint("final phase: " + phase, style));
        }
    }

    void section(String text) {
        synchronized (this) {
            out.println();
            out.println(paint(text, BOLD));
        }
    }

    private void header(RolloutEvent.PhaseChanged p) {
        String title;
        if (p.to() == Phase.DEPLOYING) {
            stage++;
            title = stage <= stageWeights.size()
                    ? "stage " + stage + "/" + stageWeights.size() + " · canary weight " + stageWeights.get(stage - 1)
                            + "%"
                    : "deploy";
        } else if (p.to() == Phase.ROLLING_BACK) {
            title = "rollback: all traffic back to the stable version";
        } else if (p.to() == Phase.PROMOTING) {
            title = "promotion: the stable Deployment takes the canary's image";
        } else {
            return;
        }
        out.println();
        out.println(paint("── " + title + " ──", BOLD));
    }

    String bar(int from, int to) {
        int width = 40;
        int filled = (int) Math.round(width * to / 100.0);
        String on = "█".repeat(filled);
        String off = "░".repeat(width - filled);
        return "[" + paint(on, YELLOW) + off + "] canary weight " + from + "% → " + to + "%";
    }

    private String trafficLine() {
        long requests = canary.requests();
        long errors = canary.errors();
        long dr = requests - lastCanaryRequests;
        long de = errors - lastCanaryErrors;
        lastCanaryRequests = requests;
        lastCanaryErrors = errors;
        String split;
        try {
            WeightProbe.Split now = probe.split();
            split = now.canaryPercent() + "% of requests reach the canary";
            if (now.canaryEndpoints() > 0 && now.canaryPercent() != now.ingressWeight()) {
                String endpoints = now.canaryEndpoints() + " of the stable Service's " + now.allEndpoints()
                        + " ready endpoints are canary pods";
                split += now.ingressWeight() == 0
                        ? " (" + endpoints + ")"
                        : " (" + now.ingressWeight() + "% via the canary Ingress, and " + endpoints + ")";
            }
        } catch (RuntimeException e) {
            split = "split unknown (" + e.getClass().getSimpleName() + ")";
        }
        return "traffic: " + split + "; canary answered " + dr + " requests (" + de + " errors) since the last"
                + " evaluation, " + requests + " in all";
    }

    private String colourOf(RolloutEvent event) {
        if (event instanceof RolloutEvent.Evaluated e) {
            List<Measurement> ms = e.evaluation().measurements();
            if (ms.stream().anyMatch(m -> m.outcome() == Measurement.Outcome.BREACH)) {
                return RED;
            }
            if (ms.stream().anyMatch(m -> m.outcome() == Measurement.Outcome.INCONCLUSIVE)) {
                return YELLOW;
            }
            return GREEN;
        }
        if (event instanceof RolloutEvent.PhaseChanged p) {
            if (p.to() == Phase.PROMOTED) {
                return GREEN + BOLD;
            }
            if (p.to() == Phase.ROLLING_BACK || p.to() == Phase.ROLLED_BACK) {
                return RED + BOLD;
            }
            return CYAN;
        }
        return "";
    }

    static final String RESET = "\u001b[0m";
    static final String BOLD = "\u001b[1m";
    static final String DIM = "\u001b[2m";
    static final String RED = "\u001b[31m";
    static final String GREEN = "\u001b[32m";
    static final String YELLOW = "\u001b[33m";
    static final String CYAN = "\u001b[36m";

    String paint(String text, String style) {
        if (!color || style.isEmpty() || text.isEmpty()) {
            return text;
        }
        return style + text + RESET;
    }
}
