package io.canarygate.demo;

import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.engine.ProgressFormatter;
import io.canarygate.core.engine.RolloutEvent;
import io.canarygate.core.engine.RolloutListener;
import io.canarygate.core.state.Phase;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The demo's live view of the engine's events: a header and a weight bar per stage, each event as the faces print it
 * ({@link ProgressFormatter}), and after each evaluation what the traffic generator sees. ANSI colour only when asked
 * (a terminal, and {@code NO_COLOR} unset).
 */
final class LiveDisplay implements RolloutListener {
    private final PrintStream out;
    private final boolean color;
    private final boolean unicode;
    private final List<Integer> stageWeights;
    private final TrafficGenerator traffic;
    private final DemoService canary;
    private long lastCanaryRequests;
    private long lastCanaryErrors;

    LiveDisplay(
            PrintStream out, boolean color, List<Integer> stageWeights, TrafficGenerator traffic, DemoService canary) {
        this.out = out;
        this.color = color;
        this.unicode = StandardCharsets.UTF_8.equals(Charset.defaultCharset());
        this.stageWeights = List.copyOf(stageWeights);
        this.traffic = traffic;
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
            if (event instanceof RolloutEvent.WeightChanged w) {
                header(w);
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

    void section(String text) {
        synchronized (this) {
            out.println();
            out.println(paint(text, BOLD));
        }
    }

    private void header(RolloutEvent.WeightChanged w) {
        String title;
        int index = stageWeights.indexOf(w.to());
        if (w.to() == 0 && w.from() > 0) {
            title = "rollback: all traffic back to stable";
        } else if (index >= 0) {
            title = "stage " + (index + 1) + "/" + stageWeights.size() + " · canary weight " + w.to() + "%";
        } else {
            title = "canary weight " + w.to() + "%";
        }
        out.println();
        out.println(paint((unicode ? "── " : "-- ") + title + (unicode ? " ──" : " --"), BOLD));
        out.println("  " + bar(w.to()));
    }

    String bar(int weight) {
        int width = 40;
        int filled = (int) Math.round(width * weight / 100.0);
        String on = (unicode ? "█" : "#").repeat(filled);
        String off = (unicode ? "░" : ".").repeat(width - filled);
        return "[" + paint(on, YELLOW) + off + "] " + weight + "% of traffic to the canary";
    }

    private String trafficLine() {
        long requests = canary.requests();
        long errors = canary.errors();
        long dr = requests - lastCanaryRequests;
        long de = errors - lastCanaryErrors;
        lastCanaryRequests = requests;
        lastCanaryErrors = errors;
        return "traffic: " + traffic.weight() + "% of requests reach the canary; since the last evaluation it answered "
                + dr + " (" + de + " errors), " + requests + " in all";
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
