package io.canarygate.core.report;

import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.RolloutRecord;
import java.io.StringWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML: one {@code <testsuite>} per analysis window, one {@code <testcase>} per objective, so a CI's test trend
 * shows every gate. A failed objective is a {@code <failure>}, an inconclusive one (or one still running) is
 * {@code <skipped>}, a window that could not measure is an {@code <error>} on each of its objectives. Written with
 * StAX so that every name, reason and query is escaped; characters XML 1.0 cannot hold are dropped.
 */
final class JunitReport {
    /** The JUnit schema's timestamp: ISO-8601 without a zone; ours are UTC. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private JunitReport() {}

    static String render(RolloutRecord r) {
        List<WindowView> windows = WindowView.all(r);
        String suitePrefix = "canary-gate." + r.rollout();
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", clean(suitePrefix));
            Counts total = new Counts();
            windows.forEach(w -> total.add(Counts.of(w)));
            total.write(x);
            x.writeAttribute(
                    "time", seconds(windows.stream().map(WindowView::elapsed).reduce(Duration.ZERO, Duration::plus)));
            for (WindowView w : windows) {
                suite(x, r, w);
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write the JUnit report: " + e.getMessage(), e);
        }
    }

    private static void suite(XMLStreamWriter x, RolloutRecord r, WindowView w) throws XMLStreamException {
        AnalysisRecord a = w.window();
        String elapsed = seconds(w.elapsed());
        x.writeCharacters("\n  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", clean("canary-gate." + r.rollout() + "." + a.key()));
        Counts.of(w).write(x);
        x.writeAttribute("time", elapsed);
        if (a.state() != null && a.state().started() != null) {
            x.writeAttribute("timestamp", TIMESTAMP.format(a.state().started()));
        }
        x.writeCharacters("\n    ");
        x.writeStartElement("properties");
        property(x, "rollout", r.rollout());
        property(x, "namespace", r.namespace());
        property(x, "window", a.key());
        property(x, "weight", Integer.toString(a.weight()));
        property(x, "verdict", w.verdict());
        property(x, "reason", a.reason());
        property(x, "triggeredBy", a.trigger() == null ? null : a.trigger().describe());
        x.writeCharacters("\n    ");
        x.writeEndElement();

        for (WindowView.ObjectiveView o : w.objectives()) {
            x.writeCharacters("\n    ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", clean("canary-gate." + r.rollout()));
            x.writeAttribute(
                    "name", clean(a.key() + ": " + o.name() + (o.threshold() == null ? "" : " " + o.threshold())));
            x.writeAttribute("time", elapsed);
            String body = measurements(o);
            switch (o.verdict()) {
                case FAILED -> {
                    x.writeCharacters("\n      ");
                    x.writeStartElement("failure");
                    x.writeAttribute("message", clean(a.reason() == null ? o.name() + " failed" : a.reason()));
                    x.writeAttribute("type", "BREACH");
                    x.writeCharacters(clean(body));
                    x.writeEndElement();
                    x.writeCharacters("\n    ");
                }
                case INCONCLUSIVE, RUNNING, STOPPED -> {
                    x.writeCharacters("\n      ");
                    x.writeStartElement("skipped");
                    x.writeAttribute("message", clean(skipMessage(r, w, o)));
                    x.writeEndElement();
                    x.writeCharacters("\n      ");
                    systemOut(x, body);
                    x.writeCharacters("\n    ");
                }
                case NOT_JUDGED -> {
                    x.writeCharacters("\n      ");
                    x.writeStartElement("error");
                    x.writeAttribute(
                            "message",
                            clean(a.reason() == null ? "window " + a.key() + " was not judged" : a.reason()));
                    x.writeAttribute("type", w.verdict());
                    x.writeCharacters(clean(body));
                    x.writeEndElement();
                    x.writeCharacters("\n    ");
                }
                case PASSED -> {
                    x.writeCharacters("\n      ");
                    systemOut(x, body);
                    x.writeCharacters("\n    ");
                }
            }
            x.writeEndElement();
        }
        x.writeCharacters("\n  ");
        x.writeEndElement();
    }

    private static String skipMessage(RolloutRecord r, WindowView w, WindowView.ObjectiveView o) {
        String key = w.window().key();
        return switch (o.verdict()) {
            case RUNNING -> "window " + key + " is still running";
            case STOPPED ->
                "window " + key + " ended without a verdict: the rollout is " + r.phase() + " at " + r.weight() + "%";
            default ->
                w.window().reason() == null
                        ? o.name() + " was inconclusive"
                        : w.window().reason();
        };
    }

    private static void systemOut(XMLStreamWriter x, String body) throws XMLStreamException {
        x.writeStartElement("system-out");
        x.writeCharacters(clean(body));
        x.writeEndElement();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        x.writeCharacters("\n      ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", clean(value));
    }

    /** The objective's query, threshold and every measurement, one per line. */
    private static String measurements(WindowView.ObjectiveView o) {
        List<String> lines = new ArrayList<>();
        if (o.query() != null) {
            lines.add("query: " + o.query());
        }
        if (o.threshold() != null) {
            lines.add("threshold: " + o.threshold());
        }
        lines.add(String.format(
                Locale.ROOT,
                "measurements: %d (%d ok, %d breach, %d inconclusive); breaches in a row at the end: %d",
                o.counters().measurements(),
                o.counters().passes(),
                o.counters().breaches(),
                o.counters().inconclusive(),
                o.counters().consecutiveBreaches()));
        lines.addAll(o.measurements().stream().map(ReportText::measurementLine).toList());
        if (o.measurements().size() < o.counters().measurements()) {
            lines.add("(the record keeps the latest " + AnalysisRecord.MAX_MEASUREMENTS + " measurements per window)");
        }
        return lines.stream().collect(Collectors.joining("\n", "\n", "\n"));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    /** Drops what XML 1.0 cannot hold (control characters other than tab/newline/CR, lone surrogates, U+FFFE/F). */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean ok = cp == 0x9
                    || cp == 0xA
                    || cp == 0xD
                    || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD)
                    || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (ok) {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    /** Test counts of one window, or of all. */
    private static final class Counts {
        int tests;
        int failures;
        int errors;
        int skipped;

        static Counts of(WindowView w) {
            Counts c = new Counts();
            for (WindowView.ObjectiveView o : w.objectives()) {
                c.tests++;
                switch (o.verdict()) {
                    case FAILED -> c.failures++;
                    case NOT_JUDGED -> c.errors++;
                    case INCONCLUSIVE, RUNNING, STOPPED -> c.skipped++;
                    case PASSED -> {}
                }
            }
            return c;
        }

        void add(Counts o) {
            tests += o.tests;
            failures += o.failures;
            errors += o.errors;
            skipped += o.skipped;
        }

        void write(XMLStreamWriter x) throws XMLStreamException {
            x.writeAttribute("tests", Integer.toString(tests));
            x.writeAttribute("failures", Integer.toString(failures));
            x.writeAttribute("errors", Integer.toString(errors));
            x.writeAttribute("skipped", Integer.toString(skipped));
        }
    }
}
