package io.canarygate.demo;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.Durations;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.EngineContext;
import io.canarygate.core.engine.PlanRunner;
import io.canarygate.core.engine.RolloutEvent;
import io.canarygate.core.engine.RolloutListener;
import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.metrics.MetricSourceFactory;
import io.canarygate.core.metrics.MetricSources;
import io.canarygate.core.report.Reports;
import io.canarygate.core.spec.MetricsSpec;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.RouterSpec;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.core.spec.SpecLoader;
import io.canarygate.core.spec.StepSpec;
import io.canarygate.core.spec.TargetSpec;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Trigger;
import io.canarygate.core.time.SystemScheduler;
import io.canarygate.demo.builtin.BuiltinEvaluator;
import io.canarygate.demo.builtin.PromQl;
import io.canarygate.demo.builtin.Scraper;
import io.canarygate.demo.builtin.SeriesHistory;
import io.canarygate.testkit.DeploymentController;
import io.canarygate.testkit.MockCluster;
import io.canarygate.testkit.PrometheusServer;
import io.canarygate.testkit.RequiredTool;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of the demo, everything on 127.0.0.1: an in-process Kubernetes API with the stable Deployment, a stable and a
 * canary demo service, traffic split by what the router wrote to the cluster, a metric source (a real Prometheus
 * scraping the services, or the built-in evaluator), and the plan run by {@link PlanRunner} through the same engine the
 * faces use. Ends with the reports and the final phase.
 */
public final class Demo {
    /** The plan the demo runs when no {@code --config} is given. */
    public static final String DEFAULT_PLAN = "demo-canary.yaml";

    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    private static final int STABLE_REPLICAS = 4;

    /** Where objective values come from. */
    public enum MetricsMode {
        /** Prometheus when it is on PATH, else built-in. */
        AUTO,
        BUILTIN,
        PROMETHEUS
    }

    /**
     * What to run.
     *
     * @param config a user's canary.yaml instead of the demo's plan
     * @param faults canary misbehaviours, each from a stage on
     * @param metrics which metric source
     * @param fast shorter analyses (tests): at most 6 s per stage, an evaluation every 2 s
     * @param keepRunning leave the cluster up for kubectl until Ctrl-C
     * @param outDir where the kubeconfig and the reports go
     * @param rps requests per second the traffic generator sends
     * @param seed seeds latencies, errors and the traffic split
     * @param color ANSI colour in the output
     */
    public record Options(
            Optional<Path> config,
            List<Fault> faults,
            MetricsMode metrics,
            boolean fast,
            boolean keepRunning,
            Path outDir,
            int rps,
            long seed,
            boolean color) {
        public Options {
            faults = List.copyOf(faults);
        }

        public static Options defaults() {
            return new Options(
                    Optional.empty(),
                    List.of(),
                    MetricsMode.AUTO,
                    false,
                    false,
                    Path.of("canarygate-demo"),
                    80,
                    System.nanoTime(),
                    false);
        }
    }

    /**
     * How the demo ended.
     *
     * @param status where the rollout stood at the end (router weight, replicas)
     * @param record the rollout record as the engine left it in the cluster
     * @param reports the report files
     * @param metrics what answered the queries
     * @param expected promoted without faults, rolled back with one
     */
    public record Outcome(
            RolloutStatus status, RolloutRecord record, Reports.Written reports, String metrics, boolean expected) {
        public Phase phase() {
            return record.phase();
        }
    }

    private final Options options;
    private final PrintStream out;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    private Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the demo, printing its live view to {@code out}; everything it started is stopped when it returns. */
    public static Outcome run(Options options, PrintStream out) {
        Demo demo = new Demo(options, out);
        try {
            return demo.run();
        } finally {
            demo.closeAll();
        }
    }

    private Outcome run() {
        String source = options.config().map(Path::toString).orElse(DEFAULT_PLAN);
        String yaml = readPlan();
        RolloutSpec checked = compress(SpecLoader.parse(yaml, source, Map.of()));
        List<Integer> stages = weights(checked);
        checkFaults(stages);
        String router = checked.traffic().kind();
        if (!router.equals("replicas") && !router.equals("nginx")) {
            throw new CanaryGateException(
                    CanaryGateException.Kind.INVALID_INPUT,
                    "traffic.router: \"" + router + "\" has no data plane in the demo; use replicas or nginx");
        }
        MetricsMode mode = metricsMode();
        if (mode == MetricsMode.BUILTIN) {
            checkBuiltinQueries(checked);
        }

        String deployment = checked.target().deployment();
        String namespace = checked.target().namespace();
        String canaryImage = checked.target().images().get(0).image();
        String stableImage = stableImageFor(canaryImage);

        Display display0 = new Display();
        display0.title("Canary Gate demo: a canary rollout of " + namespace + "/" + deployment + ", " + stableImage
                + " → " + canaryImage + ", all on 127.0.0.1");
        display0.line("plan: " + source + " · " + describePlan(checked));
        RolloutSpec asWritten = SpecLoader.parse(yaml, source, Map.of());
        if (asWritten.metrics().orElse(null) instanceof MetricsSpec.Prometheus p
                && (!(p.auth() instanceof MetricsSpec.Auth.None)
                        || !p.headers().isEmpty()
                        || !p.tls().equals(MetricsSpec.Tls.DEFAULT))) {
            display0.line("metrics: the auth, headers and TLS of " + source
                    + " are for your Prometheus; the demo measures with its own");
        }
        int notifiers = asWritten.notifications().size();
        if (notifiers > 0) {
            display0.line("notify: the " + notifiers + " notifier(s) in " + source + " are off in the demo");
        }

        SystemScheduler engineScheduler = closing(new SystemScheduler(2));
        SystemScheduler serviceScheduler = closing(new SystemScheduler(2));

        DemoService stable = closing(DemoService.start(
                deployment,
                "stable",
                deployment + " " + tag(stableImage),
                Behaviour.stableDefault(),
                serviceScheduler,
                options.seed()));
        DemoService canary = closing(DemoService.start(
                deployment,
                "canary",
                deployment + " " + tag(canaryImage),
                Behaviour.canaryDefault(),
                serviceScheduler,
                options.seed() + 1));
        display0.line("services: stable " + tag(stableImage) + " on " + stable.hostPort() + ", canary "
                + tag(canaryImage) + " on " + canary.hostPort() + " (GET /, GET /metrics)");

        Map<String, String> overrides = new HashMap<>();
        MetricSourceFactory factory;
        String metricsDescription;
        if (mode == MetricsMode.PROMETHEUS) {
            display0.line("metrics: starting Prometheus (scraping both services every 1s)…");
            PrometheusServer prometheus = closing(
                    PrometheusServer.scrape(Scraper.JOB, SCRAPE_INTERVAL, stable.hostPort(), canary.hostPort()));
            prometheus.awaitUp(Scraper.JOB, Duration.ofSeconds(30));
            overrides.put("metrics.prometheus.url", prometheus.url().toString());
            factory = MetricSources.defaultFactory();
            metricsDescription = "prometheus " + prometheus.url();
            display0.line("metrics: Prometheus at " + prometheus.url() + ", both targets up");
        } else {
            SeriesHistory history = new SeriesHistory(Duration.ofMinutes(15));
            Scraper scraper = closing(new Scraper(List.of(stable, canary), history, serviceScheduler, SCRAPE_INTERVAL));
            scraper.start();
            BuiltinEvaluator evaluator = new BuiltinEvaluator(
                    history, "built-in evaluator over the demo services' counters (snapshots every 1s)");
            factory = (metricsSpec, secrets) -> evaluator;
            metricsDescription = evaluator.describe();
            display0.line("metrics: built-in evaluator (install prometheus to use a real one)");
        }
        RolloutSpec spec = compress(SpecLoader.parse(yaml, source, overrides));

        MockCluster cluster = closing(MockCluster.start());
        cluster.controller().readyAfter(options.fast() ? Duration.ofMillis(200) : Duration.ofSeconds(1));
        cluster.createStable(namespace, deployment, stableImage, STABLE_REPLICAS);
        nameContainers(cluster, spec);
        // The stable side of each label the canary pods carry instead (target.canaryLabels: {track: canary}): the
        // stable pods and the Service carry it as "stable", as Kubernetes' canary pattern has it; with the replicas
        // router only the pods do, since its Service must reach both versions.
        boolean replicas = spec.traffic() instanceof RouterSpec.ReplicaRatio;
        spec.target().canaryLabels().keySet().forEach(label -> {
            if (replicas) {
                cluster.labelStablePodTemplate(namespace, deployment, label, "stable");
            } else {
                cluster.labelStablePods(namespace, deployment, label, "stable");
            }
        });
        if (spec.traffic() instanceof RouterSpec.NginxIngress n && !n.ingress().equals(deployment)) {
            copyIngress(cluster, namespace, deployment, n.ingress());
        }
        // Not cluster.awaitReady: its 5 s are too short on a busy laptop or CI runner.
        cluster.client()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(deployment)
                .waitUntilCondition(d -> d != null && DeploymentController.isReady(d), 60, TimeUnit.SECONDS);
        Path kubeconfig = cluster.writeKubeconfig(options.outDir().resolve("kubeconfig"));
        display0.line(
                "cluster: Kubernetes API (fabric8 mock) at " + cluster.url() + "; Deployment, Service and Ingress "
                        + namespace + "/" + deployment + " with " + STABLE_REPLICAS + " ready replicas; kubeconfig "
                        + kubeconfig);

        WeightProbe probe = new WeightProbe(cluster.client(), namespace, deployment);
        TrafficGenerator traffic = closing(new TrafficGenerator(
                stable, canary, probe::read, options.rps(), Duration.ofMinutes(30), serviceScheduler, options.seed()));
        traffic.start();
        display0.line("traffic: " + options.rps() + " requests/s, split by what the " + router
                + " router wrote to the cluster");
        if (!options.faults().isEmpty()) {
            for (Fault f : options.faults()) {
                display0.line("fault: the canary will misbehave: " + f.describe());
            }
        }

        LiveDisplay display = new LiveDisplay(out, options.color(), stages, probe, canary);
        RolloutListener listener = event -> {
            injectFaults(event, canary, display);
            display.on(event);
        };
        Trigger trigger = new Trigger("demo", "demo-" + ProcessHandle.current().pid(), user(), null);
        CanaryEngine engine = new CanaryEngine(new EngineContext(
                cluster.client(),
                engineScheduler,
                factory,
                SecretResolver.of(System::getenv),
                trigger,
                listener,
                EngineContext.DEFAULT_LEASE_DURATION));
        PlanRunner.Approvals approvals = (step, status) -> {
            display.section("approval gate (step " + (step + 1) + "): auto-approved in the demo");
            return java.util.concurrent.CompletableFuture.completedFuture(true);
        };

        PlanRunner.Result result = CanaryEngine.await(new PlanRunner(engine, engineScheduler).run(spec, approvals));
        traffic.close();

        RolloutRecord record = result.status().record();
        Reports.Written written = Reports.write(record, options.outDir());
        boolean expected =
                options.faults().isEmpty() ? record.phase() == Phase.PROMOTED : record.phase() == Phase.ROLLED_BACK;

        display.section("report (" + written.markdown() + ")");
        out.println(Reports.markdown(record));
        display.finalPhase(record.phase());
        if (record.phase() != Phase.PROMOTED
                && record.phase() != Phase.ROLLED_BACK
                && !record.analyses().isEmpty()) {
            AnalysisRecord last = record.analyses().get(record.analyses().size() - 1);
            out.println("the plan stopped: window " + last.key() + " ended " + last.verdict() + " (" + last.reason()
                    + "); a pipeline stops here too, for a person to decide (canarygate promote or rollback)."
                    + (options.fast() ? " Too little evidence? Try without --fast, or more --rps." : ""));
        }
        out.println("reports:    " + written.markdown() + "  " + written.json() + "  " + written.junit());
        out.println("metrics:    " + metricsDescription);
        out.println("look at it: kubectl --kubeconfig " + kubeconfig + " -n " + namespace
                + " get deploy,cm,lease,events"
                + (options.keepRunning() ? "" : "   (add --keep-running to leave the cluster up)"));
        if (options.keepRunning()) {
            keepRunning(cluster);
        }
        return new Outcome(result.status(), record, written, metricsDescription, expected);
    }

    /** A tiny helper so the setup lines look alike. */
    private final class Display {
        void title(String text) {
            out.println(options.color() ? LiveDisplay.BOLD + text + LiveDisplay.RESET : text);
        }

        void line(String text) {
            out.println("  " + text);
        }
    }

    private void injectFaults(RolloutEvent event, DemoService canary, LiveDisplay display) {
        if (!(event instanceof RolloutEvent.WeightChanged w)) {
            return;
        }
        for (Fault f : options.faults()) {
            if (f.weight() == w.to()) {
                canary.behave(f.apply(canary.behaviour()));
                display.note("  ! fault injected: the canary now plays " + f.describe());
            }
        }
    }

    private void keepRunning(MockCluster cluster) {
        out.println();
        out.println("the cluster stays up at " + cluster.url() + " — press Ctrl-C to stop");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            closeAll();
        }));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String readPlan() {
        if (options.config().isPresent()) {
            Path file = options.config().get();
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CanaryGateException(
                        CanaryGateException.Kind.INVALID_INPUT,
                        "--config: cannot read " + file + " (" + e.getClass().getSimpleName()
                                + "); give the path of a canary.yaml");
            }
        }
        try (InputStream in = Demo.class.getResourceAsStream("/" + DEFAULT_PLAN)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_PLAN + " is missing from the demo jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_PLAN + " from the demo jar", e);
        }
    }

    /** The plan's stage weights, in order. */
    static List<Integer> weights(RolloutSpec spec) {
        List<Integer> weights = new ArrayList<>();
        for (StepSpec s : spec.steps()) {
            if (s instanceof StepSpec.Weight w) {
                weights.add(w.weight());
            }
        }
        return weights;
    }

    private void checkFaults(List<Integer> stages) {
        for (Fault f : options.faults()) {
            if (!stages.contains(f.weight())) {
                throw new CanaryGateException(
                        CanaryGateException.Kind.INVALID_INPUT,
                        "--fault: the plan has no stage with weight " + f.weight() + "; its weights are " + stages);
            }
        }
    }

    private MetricsMode metricsMode() {
        boolean installed = RequiredTool.find("prometheus").isPresent();
        return switch (options.metrics()) {
            case AUTO -> installed ? MetricsMode.PROMETHEUS : MetricsMode.BUILTIN;
            case BUILTIN -> MetricsMode.BUILTIN;
            case PROMETHEUS -> {
                if (!installed) {
                    throw new CanaryGateException(
                            CanaryGateException.Kind.INVALID_INPUT,
                            "--metrics prometheus: prometheus is not on PATH; install it (e.g. apt-get install"
                                    + " prometheus) or run with --metrics builtin");
                }
                yield MetricsMode.PROMETHEUS;
            }
        };
    }

    /** Fails before anything starts when the built-in evaluator could not run an objective's query. */
    private static void checkBuiltinQueries(RolloutSpec spec) {
        for (Objective o : spec.objectives()) {
            PromQl.parse(o.query());
            o.minEvidence().ifPresent(e -> PromQl.parse(e.query()));
            o.baseline().ifPresent(b -> PromQl.parse(b.query()));
        }
    }

    /**
     * The spec as the demo runs it: without notifications (the demo stays on 127.0.0.1 and posts to no webhook), and
     * with {@code --fast} analyses of at most 6 s with an evaluation every 2 s, timed pauses of at most 2 s.
     */
    private RolloutSpec compress(RolloutSpec spec) {
        if (!options.fast()) {
            return withSteps(spec, spec.steps());
        }
        Duration maxDuration = Duration.ofSeconds(6);
        Duration maxInterval = Duration.ofSeconds(2);
        List<StepSpec> steps = new ArrayList<>();
        for (StepSpec s : spec.steps()) {
            if (s instanceof StepSpec.Weight w && w.analysis().isPresent()) {
                StepSpec.Analysis a = w.analysis().get();
                steps.add(new StepSpec.Weight(
                        w.weight(),
                        Optional.of(
                                new StepSpec.Analysis(min(a.duration(), maxDuration), min(a.interval(), maxInterval))),
                        w.thresholds()));
            } else if (s instanceof StepSpec.Pause p && p.duration().isPresent()) {
                steps.add(new StepSpec.Pause(Optional.of(min(p.duration().get(), maxInterval))));
            } else {
                steps.add(s);
            }
        }
        return withSteps(spec, steps);
    }

    /**
     * The spec with {@code steps}, no notifications, and the demo's own metric source in place of the file's: its URL
     * (overridden to the demo's Prometheus) without the auth, headers or TLS meant for the user's real one.
     */
    private static RolloutSpec withSteps(RolloutSpec spec, List<StepSpec> steps) {
        Optional<MetricsSpec> metrics = spec.metrics()
                .map(m -> m instanceof MetricsSpec.Prometheus p
                        ? new MetricsSpec.Prometheus(
                                p.url(),
                                new MetricsSpec.Auth.None(),
                                Map.of(),
                                MetricsSpec.Tls.DEFAULT,
                                p.connectTimeout(),
                                p.timeout(),
                                p.retries(),
                                p.retryBackoff())
                        : m);
        return new RolloutSpec(
                spec.name(),
                spec.target(),
                spec.traffic(),
                metrics,
                spec.objectives(),
                steps,
                spec.rollback(),
                List.of(),
                spec.readyTimeout());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String describePlan(RolloutSpec spec) {
        List<String> parts = new ArrayList<>();
        for (StepSpec s : spec.steps()) {
            if (s instanceof StepSpec.Weight w) {
                parts.add(w.weight() + "%"
                        + w.analysis()
                                .map(a -> " (" + Durations.format(a.duration()) + ")")
                                .orElse(""));
            } else if (s instanceof StepSpec.Pause p) {
                parts.add(p.duration().map(d -> "pause " + Durations.format(d)).orElse("approval"));
            }
        }
        return String.join(" → ", parts) + " → promote; objectives: "
                + String.join(
                        ", ",
                        spec.objectives().stream().map(Objective::describe).toList());
    }

    /** The image the stable Deployment runs: the canary's repository at an older tag. */
    static String stableImageFor(String canaryImage) {
        int slash = canaryImage.lastIndexOf('/');
        int colon = canaryImage.lastIndexOf(':');
        String repository = colon > slash ? canaryImage.substring(0, colon) : canaryImage;
        String canaryTag = colon > slash ? canaryImage.substring(colon + 1) : "latest";
        return repository + ":" + (canaryTag.equals("1.0.0") ? "0.9.0" : "1.0.0");
    }

    private static String tag(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : image;
    }

    private static void copyIngress(MockCluster cluster, String namespace, String from, String to) {
        Ingress original = cluster.client()
                .network()
                .v1()
                .ingresses()
                .inNamespace(namespace)
                .withName(from)
                .get();
        Ingress copy = new IngressBuilder(original)
                .editMetadata()
                .withName(to)
                .withResourceVersion(null)
                .withUid(null)
                .withCreationTimestamp(null)
                .endMetadata()
                .build();
        cluster.client()
                .network()
                .v1()
                .ingresses()
                .inNamespace(namespace)
                .resource(copy)
                .create();
    }

    /** Gives the stable pod the containers a canary.yaml's {@code target.images} names (the testkit's is "app"). */
    private static void nameContainers(MockCluster cluster, RolloutSpec spec) {
        List<TargetSpec.ContainerImage> images = spec.target().images();
        if (images.stream().allMatch(i -> i.container() == null)) {
            return;
        }
        cluster.client()
                .apps()
                .deployments()
                .inNamespace(spec.target().namespace())
                .withName(spec.target().deployment())
                .edit(d -> {
                    Container template =
                            d.getSpec().getTemplate().getSpec().getContainers().get(0);
                    List<Container> containers = new ArrayList<>();
                    for (TargetSpec.ContainerImage i : images) {
                        containers.add(new ContainerBuilder(template)
                                .withName(i.container())
                                .withImage(stableImageFor(i.image()))
                                .build());
                    }
                    d.getSpec().getTemplate().getSpec().setContainers(containers);
                    return d;
                });
    }

    private static String user() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "demo" : user;
    }

    private <T extends AutoCloseable> T closing(T resource) {
        synchronized (resources) {
            resources.push(resource);
        }
        return resource;
    }

    private void closeAll() {
        while (true) {
            AutoCloseable r;
            synchronized (resources) {
                r = resources.poll();
            }
            if (r == null) {
                return;
            }
            try {
                r.close();
            } catch (Exception e) {
                // Best effort: stop the rest.
            }
        }
    }
}
