package io.canarygate.core.report;

import static io.canarygate.core.report.SampleRecords.FAIL_REASON;
import static io.canarygate.core.report.SampleRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarygate.core.Json;
import io.canarygate.core.analysis.Comparison;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.ObjectiveState;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportsTest {

    @Test
    void jsonHoldsEveryDecisionWithItsInputs() throws Exception {
        JsonNode root = Json.mapper().readTree(Reports.json(SampleRecords.rolledBack()));

        assertThat(root.get("format").asInt()).isEqualTo(1);
        assertThat(root.get("rollout").asText()).isEqualTo("checkout");
        assertThat(root.get("namespace").asText()).isEqualTo("shop");
        assertThat(root.get("phase").asText()).isEqualTo("ROLLED_BACK");
        assertThat(root.get("outcome").asText()).isEqualTo("rolled-back");
        assertThat(root.get("reason").asText()).isEqualTo(FAIL_REASON);
        assertThat(root.get("weight").asInt()).isZero();
        assertThat(root.at("/stableImages/app").asText()).isEqualTo("ghcr.io/acme/checkout:1.3.9");
        assertThat(root.at("/canaryImages/app").asText()).isEqualTo("ghcr.io/acme/checkout:1.4.0");
        assertThat(root.at("/owner/actor").asText()).isEqualTo("alice");
        assertThat(root.get("history")).hasSize(5);
        assertThat(root.at("/history/0/from").isNull()).isTrue();
        assertThat(root.at("/history/4/to").asText()).isEqualTo("ROLLED_BACK");

        JsonNode failed = root.at("/analyses/1");
        assertThat(failed.get("key").asText()).isEqualTo("w25");
        assertThat(failed.get("weight").asInt()).isEqualTo(25);
        assertThat(failed.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(failed.get("reason").asText()).isEqualTo(FAIL_REASON);
        assertThat(failed.at("/queries/p95-latency").asText()).isEqualTo(SampleRecords.QUERY_P95);
        assertThat(failed.at("/thresholds/p95-latency").asText()).isEqualTo("<= 0.5");
        assertThat(failed.at("/window/started").asText()).isEqualTo("2026-12-01T12:04:00Z");
        assertThat(failed.at("/window/deadline").asText()).isEqualTo("2026-12-01T12:34:00Z");
        assertThat(failed.at("/window/interval").asText()).isEqualTo("30s");
        assertThat(failed.at("/window/duration").asText()).isEqualTo("30m");
        assertThat(failed.at("/window/evaluations").asInt()).isEqualTo(4);

        JsonNode p95 = failed.at("/objectives/1");
        assertThat(p95.get("name").asText()).isEqualTo("p95-latency");
        assertThat(p95.get("verdict").asText()).isEqualTo("failed");
        assertThat(p95.get("breaches").asInt()).isEqualTo(3);
        assertThat(p95.get("consecutiveBreaches").asInt()).isEqualTo(3);
        assertThat(p95.get("inconclusive").asInt()).isEqualTo(1);
        assertThat(p95.get("lastValue").asDouble()).isEqualTo(0.71);
        assertThat(failed.at("/objectives/0/verdict").asText()).isEqualTo("passed");

        JsonNode measurements = failed.get("measurements");
        assertThat(measurements).hasSize(8);
        JsonNode noData = measurements.get(1);
        assertThat(noData.get("objective").asText()).isEqualTo("p95-latency");
        assertThat(noData.get("value").isNull()).isTrue();
        assertThat(noData.get("outcome").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(noData.get("reason").asText()).isEqualTo("no data (empty result)");
        JsonNode last = measurements.get(7);
        assertThat(last.get("time").asText()).isEqualTo("2026-12-01T12:06:00Z");
        assertThat(last.get("value").asDouble()).isEqualTo(0.71);
        assertThat(last.get("op").asText()).isEqualTo("<=");
        assertThat(last.get("threshold").asDouble()).isEqualTo(0.5);
        assertThat(last.get("evidence").asDouble()).isEqualTo(1200);
        assertThat(last.get("outcome").asText()).isEqualTo("BREACH");
        assertThat(last.get("reason").asText()).isEqualTo("0.71 > 0.5");
    }

    @Test
    void jsonWritesInfiniteValuesAsPrometheusSpellsThem() throws Exception {
        Measurement inf = new Measurement(
                "p95-latency",
                T0.plusSeconds(90),
                Measurement.Outcome.BREACH,
                Double.POSITIVE_INFINITY,
                Comparison.LE,
                0.5,
                null,
                "+Inf > 0.5");
        RolloutRecord r = SampleRecords.withWindow(
                "FAIL",
                "p95-latency breached once (+Inf > 0.5)",
                List.of(inf),
                List.of(new ObjectiveState("p95-latency", 1, 0, 1, 1, 0, inf)));

        JsonNode m = Json.mapper().readTree(Reports.json(r)).at("/analyses/0/measurements/0");

        assertThat(m.get("value").asText()).isEqualTo("+Inf");
        assertThat(m.get("evidence").isNull()).isTrue();
    }

    @Test
    void reportsAreTheSameFromTheStoredRecord() throws Exception {
        RolloutRecord original = SampleRecords.rolledBack();
        RolloutRecord stored = Json.mapper().readValue(Json.mapper().writeValueAsString(original), RolloutRecord.class);

        assertThat(Reports.json(stored)).isEqualTo(Reports.json(original));
        assertThat(Reports.markdown(stored)).isEqualTo(Reports.markdown(original));
        assertThat(Reports.junit(stored)).isEqualTo(Reports.junit(original));
    }

    @Test
    void markdownHeadsWithTheOutcomeAndTheReason() {
        String md = Reports.markdown(SampleRecords.rolledBack());
        List<String> lines = md.lines().toList();

        assertThat(lines.get(0)).isEqualTo("## ⛔ rolled back: checkout");
        assertThat(lines.get(2)).isEqualTo("> " + FAIL_REASON);
        assertThat(md)
                .contains("| Rollout ")
                .contains("`checkout`")
                .contains("`shop`")
                .contains("`ghcr.io/acme/checkout:1.3.9` → `ghcr.io/acme/checkout:1.4.0`")
                .contains("| Weight     | 0%")
                .contains("ROLLED_BACK")
                .contains("[github run 123456789](https://github.com/acme/shop/actions/runs/123456789) (alice)");
    }

    @Test
    void markdownHeadingNamesEachOutcome() {
        assertThat(heading(Phase.PROMOTED)).isEqualTo("## ✅ promoted: checkout");
        assertThat(heading(Phase.PAUSED)).isEqualTo("## ⏸ paused: checkout");
        assertThat(heading(Phase.RUNNING)).isEqualTo("## ▶ running: checkout");
        assertThat(heading(Phase.ROLLED_BACK)).isEqualTo("## ⛔ rolled back: checkout");
    }

    private static String heading(Phase phase) {
        return Reports.markdown(SampleRecords.record(phase, 10, List.of(), List.of()))
                .lines()
                .findFirst()
                .orElseThrow();
    }

    @Test
    void markdownTablesEveryObjectiveOfEveryWindow() {
        String md = Reports.markdown(SampleRecords.rolledBack());

        assertThat(md).contains("### Window `w10` at 10%: ✅ PASS").contains("### Window `w25` at 25%: ⛔ FAIL");
        String p95Row = row(md, "w25", "`p95-latency`");
        assertThat(cells(p95Row))
                .containsExactly(
                        "`p95-latency`", "0.71", "`<= 0.5`", "3 / 3", "4 (3 breach, 1 inconclusive)", "⛔ failed");
        String successRow = row(md, "w25", "`success-rate`");
        assertThat(cells(successRow))
                .containsExactly("`success-rate`", "0.997", "`>= 0.995`", "0 / 0", "4 (4 ok)", "✅ passed");
        assertThat(md).contains("### History");
        assertThat(md).contains("RUNNING → ROLLING_BACK");
        assertThat(md).contains("2026-12-01 12:06:05 UTC");
    }

    @Test
    void markdownChartsTheFailingObjectiveAgainstItsThreshold() {
        String md = Reports.markdown(SampleRecords.rolledBack());
        List<String> charts = mermaidBlocks(md);
        assertThat(charts).hasSize(2);

        XyChart failed = XyChart.parse(charts.get(1));
        assertThat(failed.title()).contains("p95-latency").contains("w25");
        // The no-data evaluation is left out: three points with data remain.
        assertThat(failed.categories()).containsExactly("12:05:00", "12:05:30", "12:06:00");
        assertThat(failed.lines()).hasSize(2);
        assertThat(failed.lines().get(0)).containsExactly(0.61, 0.66, 0.71);
        assertThat(failed.lines().get(1)).containsExactly(0.5, 0.5, 0.5);
        assertThat(failed.yMin()).isLessThanOrEqualTo(0.5);
        assertThat(failed.yMax()).isGreaterThanOrEqualTo(0.71);
        assertThat(md).contains("1 measurement(s) without data left out");

        XyChart passed = XyChart.parse(charts.get(0));
        assertThat(passed.title()).contains("success-rate").contains("w10");
        assertThat(passed.categories()).hasSize(4);
        assertThat(passed.lines().get(0)).allSatisfy(v -> assertThat(v).isBetween(passed.yMin(), passed.yMax()));
    }

    @Test
    void markdownSaysSoWhenAnObjectiveHasNoDataToChart() {
        Measurement none = SampleRecords.noData("success-rate", T0.plusSeconds(90), Comparison.GE, 0.995);
        RolloutRecord r = SampleRecords.withWindow(
                null, null, List.of(none), List.of(new ObjectiveState("success-rate", 1, 0, 0, 0, 1, none)));

        String md = Reports.markdown(r);

        assertThat(mermaidBlocks(md)).isEmpty();
        assertThat(md)
                .contains("success-rate: no measurement with data to chart")
                .contains("▶ RUNNING");
    }

    @Test
    void markdownEscapesPipesAndNewlinesInTableCells() {
        String reason = "error | rate\nwent up <script>alert(1)</script>";
        RolloutRecord r = SampleRecords.withWindow("PASS", reason, List.of(), List.of());

        String md = Reports.markdown(r);

        String historyRow = md.lines()
                .filter(l -> l.startsWith("|") && l.contains("error"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(historyRow).contains("error \\| rate went up &lt;script>alert(1)&lt;/script>");
        assertThat(cells(historyRow)).hasSize(5);
        assertThat(md).doesNotContain("<script>");
        md.lines().filter(l -> l.startsWith("|")).forEach(l -> assertThat(l).endsWith("|"));
    }

    @Test
    void junitHasASuitePerWindowAndACasePerObjective() throws Exception {
        Document doc = parse(Reports.junit(SampleRecords.rolledBack()));

        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("4");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(root.getAttribute("errors")).isEqualTo("0");
        assertThat(root.getAttribute("skipped")).isEqualTo("0");

        NodeList suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element w10 = (Element) suites.item(0);
        Element w25 = (Element) suites.item(1);
        assertThat(w10.getAttribute("name")).isEqualTo("canary-gate.checkout.w10");
        assertThat(w10.getAttribute("failures")).isEqualTo("0");
        assertThat(w10.getAttribute("time")).isEqualTo("120.000");
        assertThat(w25.getAttribute("name")).isEqualTo("canary-gate.checkout.w25");
        assertThat(w25.getAttribute("tests")).isEqualTo("2");
        assertThat(w25.getAttribute("failures")).isEqualTo("1");
        assertThat(w25.getAttribute("timestamp")).isEqualTo("2026-12-01T12:04:00");

        NodeList cases = w25.getElementsByTagName("testcase");
        Element success = (Element) cases.item(0);
        Element p95 = (Element) cases.item(1);
        assertThat(success.getAttribute("classname")).isEqualTo("canary-gate.checkout");
        assertThat(success.getAttribute("name")).isEqualTo("w25: success-rate >= 0.995");
        assertThat(success.getElementsByTagName("failure").getLength()).isZero();
        assertThat(p95.getAttribute("name")).isEqualTo("w25: p95-latency <= 0.5");
        Element failure = (Element) p95.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo(FAIL_REASON);
        assertThat(failure.getTextContent())
                .contains("query: " + SampleRecords.QUERY_P95)
                .contains("12:05:00  0.61 <= 0.5  BREACH  0.61 > 0.5 (evidence 1200)")
                .contains("12:04:30  no data <= 0.5  INCONCLUSIVE  no data (empty result)");
    }

    @Test
    void junitSkipsInconclusiveObjectivesAndErrorsUnjudgedWindows() throws Exception {
        Measurement none = SampleRecords.noData("success-rate", T0.plusSeconds(90), Comparison.GE, 0.995);
        List<ObjectiveState> counters = List.of(new ObjectiveState("success-rate", 1, 0, 0, 0, 1, none));

        Document inconclusive = parse(Reports.junit(SampleRecords.withWindow(
                "INCONCLUSIVE", "success-rate had no passing measurement", List.of(none), counters)));
        assertThat(inconclusive.getDocumentElement().getAttribute("skipped")).isEqualTo("1");
        Element skipped = (Element) inconclusive.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("success-rate had no passing measurement");

        Document error = parse(Reports.junit(SampleRecords.withWindow(
                "ERROR", "analysis w10 could not measure: Prometheus answered HTTP 503", List.of(none), counters)));
        assertThat(error.getDocumentElement().getAttribute("errors")).isEqualTo("1");
        assertThat(((Element) error.getElementsByTagName("error").item(0)).getAttribute("message"))
                .isEqualTo("analysis w10 could not measure: Prometheus answered HTTP 503");

        Document running = parse(Reports.junit(SampleRecords.withWindow(null, null, List.of(none), counters)));
        assertThat(((Element) running.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .isEqualTo("window w10 is still running");
    }

    @Test
    void junitEscapesMarkupAndDropsCharactersXmlCannotHold() throws Exception {
        String reason = "p95 <= 0.5 & \"quoted\" 'single' ]]> \u0001bell";
        Measurement b = SampleRecords.breach("p95-latency", T0.plusSeconds(90), 0.7, Comparison.LE, 0.5);
        RolloutRecord r = SampleRecords.withWindow(
                "FAIL", reason, List.of(b), List.of(new ObjectiveState("p95-latency", 1, 0, 1, 1, 0, b)));

        Document doc = parse(Reports.junit(r));

        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("p95 <= 0.5 & \"quoted\" 'single' ]]> bell");
    }

    @Test
    void aWindowLeftOpenWhenTheRolloutEndedIsReportedAsStopped() throws Exception {
        Measurement ok = SampleRecords.pass("success-rate", T0.plusSeconds(90), 0.999, Comparison.GE, 0.995);
        RolloutRecord open = SampleRecords.withWindow(
                null, null, List.of(ok), List.of(new ObjectiveState("success-rate", 1, 1, 0, 0, 0, ok)));
        RolloutRecord rolledBack = SampleRecords.record(Phase.ROLLED_BACK, 0, open.history(), open.analyses());

        assertThat(Json.mapper()
                        .readTree(Reports.json(open))
                        .at("/analyses/0/verdict")
                        .asText())
                .isEqualTo("RUNNING");
        assertThat(Json.mapper()
                        .readTree(Reports.json(rolledBack))
                        .at("/analyses/0/verdict")
                        .asText())
                .isEqualTo("STOPPED");
        assertThat(Reports.markdown(rolledBack)).contains("### Window `w10` at 10%: ⏹ STOPPED");
        Element skipped = (Element)
                parse(Reports.junit(rolledBack)).getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message"))
                .isEqualTo("window w10 ended without a verdict: the rollout is ROLLED_BACK at 0%");
    }

    @Test
    void aStoredWindowMissingOptionalFieldsIsStillReported() throws Exception {
        String stored = "{\"schema\":1,\"rollout\":\"checkout\",\"namespace\":\"shop\",\"phase\":\"RUNNING\","
                + "\"weight\":10,\"stableImages\":{},\"canaryImages\":{},\"history\":[],"
                + "\"analyses\":[{\"key\":\"w10\",\"weight\":10,\"verdict\":\"PASS\"}]}";
        RolloutRecord r = Json.mapper().readValue(stored, RolloutRecord.class);

        assertThat(Json.mapper()
                        .readTree(Reports.json(r))
                        .at("/analyses/0/verdict")
                        .asText())
                .isEqualTo("PASS");
        assertThat(Reports.markdown(r)).contains("_no objectives recorded_");
        assertThat(parse(Reports.junit(r)).getElementsByTagName("testsuite").getLength())
                .isEqualTo(1);
    }

    @Test
    void writesTheThreeFiles(@TempDir Path dir) throws Exception {
        RolloutRecord r = SampleRecords.rolledBack();

        Reports.Written w = Reports.write(r, dir.resolve("reports"));

        assertThat(w.json()).hasFileName("canary-report.json");
        assertThat(w.markdown()).hasFileName("canary-report.md");
        assertThat(w.junit()).hasFileName("canary-junit.xml");
        assertThat(Files.readString(w.json())).isEqualTo(Reports.json(r));
        assertThat(Files.readString(w.markdown())).isEqualTo(Reports.markdown(r));
        assertThat(Files.readString(w.junit())).isEqualTo(Reports.junit(r));
    }

    @Test
    void anEmptyRecordStillGivesThreeValidReports() throws Exception {
        RolloutRecord r = SampleRecords.record(Phase.DEPLOYING, 0, List.of(), List.of());

        assertThat(Json.mapper().readTree(Reports.json(r)).get("analyses")).isEmpty();
        assertThat(Reports.markdown(r)).startsWith("## ▶ deploying: checkout").contains("no transitions recorded");
        assertThat(parse(Reports.junit(r)).getDocumentElement().getAttribute("tests"))
                .isEqualTo("0");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> mermaidBlocks(String md) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```mermaid\n(.*?)```", Pattern.DOTALL).matcher(md);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** The table row that starts with {@code first} after the heading of {@code window}. */
    private static String row(String md, String window, String first) {
        String section = md.substring(md.indexOf("### Window `" + window + "`"));
        return section.lines()
                .filter(l -> l.startsWith("| " + first + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + first + " in\n" + section));
    }

    /** Cells of a GFM row, split on unescaped pipes. */
    static List<String> cells(String row) {
        String inner = row.substring(1, row.length() - 1);
        List<String> out = new ArrayList<>();
        for (String c : inner.split("(?<!\\\\)\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }

    /**
     * A strict reading of the xychart-beta subset the report writes: a title, a categorical x-axis, a numeric y-axis
     * range, and line series whose lengths equal the number of categories. Anything else fails the test.
     */
    record XyChart(String title, List<String> categories, double yMin, double yMax, List<List<Double>> lines) {
        private static final Pattern TITLE = Pattern.compile("    title \"([^\"\\n]*)\"");
        private static final Pattern X_AXIS =
                Pattern.compile("    x-axis \"[^\"\\n]*\" \\[(\"[0-9:]+\"(?:, \"[0-9:]+\")*)]");
        private static final Pattern Y_AXIS =
                Pattern.compile("    y-axis \"[^\"\\n]*\" (-?[0-9]+(?:\\.[0-9]+)?) --> (-?[0-9]+(?:\\.[0-9]+)?)");
        private static final Pattern LINE =
                Pattern.compile("    line \\[(-?[0-9]+(?:\\.[0-9]+)?(?:, -?[0-9]+(?:\\.[0-9]+)?)*)]");

        static XyChart parse(String block) {
            List<String> lines = block.lines().toList();
            assertThat(lines.get(0)).isEqualTo("xychart-beta");
            Matcher title = TITLE.matcher(lines.get(1));
            assertThat(title.matches()).as("title line: %s", lines.get(1)).isTrue();
            Matcher x = X_AXIS.matcher(lines.get(2));
            assertThat(x.matches()).as("x-axis line: %s", lines.get(2)).isTrue();
            List<String> categories = new ArrayList<>();
            for (String c : x.group(1).split(", ")) {
                categories.add(c.substring(1, c.length() - 1));
            }
            Matcher y = Y_AXIS.matcher(lines.get(3));
            assertThat(y.matches()).as("y-axis line: %s", lines.get(3)).isTrue();
            double yMin = Double.parseDouble(y.group(1));
            double yMax = Double.parseDouble(y.group(2));
            assertThat(yMin).isLessThan(yMax);
            List<List<Double>> series = new ArrayList<>();
            for (String l : lines.subList(4, lines.size())) {
                Matcher m = LINE.matcher(l);
                assertThat(m.matches()).as("series line: %s", l).isTrue();
                List<Double> values = new ArrayList<>();
                for (String v : m.group(1).split(", ")) {
                    values.add(Double.parseDouble(v));
                }
                assertThat(values).hasSameSizeAs(categories);
                series.add(values);
            }
            return new XyChart(title.group(1), categories, yMin, yMax, series);
        }
    }
}
