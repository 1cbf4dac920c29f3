package io.canarygate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A StepContext the way Pipeline gives one to an execution: the build, its log, optionally a workspace. Serialisable
 * like the real one; a copy made by Java serialisation is the same context (it finds the build's state by id), as the
 * real one is after a restart. {@link #crash()} makes this instance ignore further calls, as if its controller died.
 */
final class FakeStepContext extends StepContext {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Call> CALLS = new ConcurrentHashMap<>();

    private final String id;
    private transient volatile boolean crashed;

    /** The build behind the contexts of its steps: run, log, workspace, environment. */
    static final class Build {
        final FakeRun run;
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final PrintStream logger = new PrintStream(log, true, StandardCharsets.UTF_8);
        final TaskListener listener = () -> logger;
        final EnvVars env = new EnvVars();
        volatile FilePath workspace;

        Build(FakeRun run) {
            this.run = run;
        }
    }

    /** One step call: how it ended. */
    private static final class Call {
        final Build build;
        final CompletableFuture<Object> outcome = new CompletableFuture<>();
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger saves = new AtomicInteger();

        Call(Build build) {
            this.build = build;
        }
    }

    private FakeStepContext(String id) {
        this.id = id;
    }

    /** The first step of a new build {@code job #number}, with {@code workspace} (null: outside node). */
    static FakeStepContext build(String job, int number, Path workspace) {
        try {
            Build b = new Build(new FakeRun(new FakeJob(job), number));
            b.workspace = workspace == null ? null : new FilePath(workspace.toFile());
            return of(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next step of the same build. */
    FakeStepContext nextStep() {
        return of(build());
    }

    private static FakeStepContext of(Build b) {
        String id = UUID.randomUUID().toString();
        CALLS.put(id, new Call(b));
        return new FakeStepContext(id);
    }

    Build build() {
        return call().build;
    }

    private Call call() {
        return CALLS.get(id);
    }

    int saves() {
        return call().saves.get();
    }

    void crash() {
        crashed = true;
    }

    String log() {
        return build().log.toString(StandardCharsets.UTF_8);
    }

    /** Waits for the step to end; returns its result or throws what it failed with (unwrapped). */
    Object await(Duration timeout) throws Throwable {
        try {
            return call().outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause();
        }
    }

    Throwable awaitFailure(Duration timeout) throws Exception {
        try {
            Object result = call().outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected the step to fail, but it returned " + result + "\n" + log());
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    boolean isDone() {
        return call().outcome.isDone();
    }

    void assertCompletedOnce() {
        assertThat(call().completions.get()).as("onSuccess/onFailure calls").isEqualTo(1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Class<T> key) {
        Build b = build();
        if (key == TaskListener.class) {
            return (T) b.listener;
        }
        if (key == Run.class) {
            return (T) b.run;
        }
        if (key == FilePath.class) {
            return (T) b.workspace;
        }
        if (key == EnvVars.class) {
            return (T) b.env;
        }
        return null;
    }

    @Override
    public void onSuccess(Object result) {
        if (!crashed) {
            call().completions.incrementAndGet();
            call().outcome.complete(result);
        }
    }

    @Override
    public void onFailure(Throwable t) {
        if (!crashed) {
            call().completions.incrementAndGet();
            call().outcome.completeExceptionally(t);
        }
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public ListenableFuture<Void> saveState() {
        call().saves.incrementAndGet();
        return Futures.immediateFuture(null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FakeStepContext c && c.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    static final class FakeJob extends Job<FakeJob, FakeRun> implements Serializable {
        private static final long serialVersionUID = 1L;

        FakeJob(String name) {
            super((ItemGroup) null, name);
        }
    }

    static final class FakeRun extends Run<FakeJob, FakeRun> {
        FakeRun(FakeJob job, int number) throws IOException {
            super(job);
            this.number = number;
        }
    }
}
