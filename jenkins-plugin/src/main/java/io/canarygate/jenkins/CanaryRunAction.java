package io.canarygate.jenkins;

import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.User;
import hudson.security.SecurityRealm;
import io.canarygate.core.state.RolloutRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.IdStrategy;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The rollout on the build page: where it stands, the latest evidence (the core's Markdown report), the recent progress
 * lines, and any approval waiting for an answer with its live SLO values and Proceed / Abort buttons. Also remembers
 * the canary.yaml and parameters the build's first step read, so later steps outside {@code node} reuse them. Plain
 * fields only (saved with the build by XStream).
 */
public final class CanaryRunAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(CanaryRunAction.class.getName());
    private static final int MAX_LINES = 30;

    private transient Run<?, ?> run;

    private String configName;
    private String configYaml;
    private StepSettings settings;
    private String rollout;
    private String namespace;
    private String phase;
    private int weight;
    private String updated;
    private String report;
    private List<String> lines = new ArrayList<>();
    private List<Approval> approvals = new ArrayList<>();

    /** The build's action, added on first use. */
    static synchronized CanaryRunAction of(Run<?, ?> run) {
        CanaryRunAction a = run.getAction(CanaryRunAction.class);
        if (a == null) {
            a = new CanaryRunAction();
            run.addAction(a);
            a.run = run;
        }
        return a;
    }

    /** XStream skips initialisers: a build.xml written without the lists still loads. */
    private Object readResolve() {
        if (lines == null) {
            lines = new ArrayList<>();
        }
        if (approvals == null) {
            approvals = new ArrayList<>();
        }
        return this;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Canary Gate";
    }

    /** Reachable for the approval buttons; with no icon it stays out of the side panel. */
    @Override
    public String getUrlName() {
        return "canary-gate";
    }

    public Run<?, ?> getRun() {
        return run;
    }

    synchronized void remember(SpecSource source) {
        configName = source.name;
        configYaml = source.yaml;
        settings = source.settings;
        save();
    }

    synchronized void update(RolloutRecord record, String markdown) {
        rollout = record.rollout();
        namespace = record.namespace();
        phase = record.phase().name();
        weight = record.weight();
        updated = Instant.now().toString();
        if (markdown != null) {
            report = markdown;
        }
        save();
    }

    synchronized void line(String line) {
        lines.add(line);
        while (lines.size() > MAX_LINES) {
            lines.remove(0);
        }
    }

    synchronized void approvalPending(String id, String message, String submitter) {
        approval(id)
                .ifPresentOrElse(
                        a -> a.state = Approval.PENDING, () -> approvals.add(new Approval(id, message, submitter)));
        save();
    }

    synchronized void approvalProgress(String id, String latest) {
        approval(id).ifPresent(a -> a.latest = latest);
    }

    synchronized void approvalSettled(String id, String state, String by) {
        approval(id).ifPresent(a -> {
            a.state = state;
            a.by = by;
        });
        save();
    }

    /**
     * Proceed: the canary may go on. POST only; needs Build permission on the job, or, when the step names a
     * submitter list, to be in it (or an administrator), as {@code input} does.
     */
    @RequirePOST
    public HttpResponse doProceed(@QueryParameter String id) {
        Job<?, ?> job = run.getParent();
        String submitter = submitterOf(id);
        if (submitter == null) {
            job.checkPermission(Item.BUILD);
        } else if (!mayAnswer(submitter)) {
            return notASubmitter(submitter);
        }
        CanaryApproveStepExecution.answer(id, true, currentUser());
        return HttpResponses.forwardToPreviousPage();
    }

    /**
     * Abort: roll the canary back and end the build as aborted. POST only; needs Cancel on the job, or what Proceed
     * needs.
     */
    @RequirePOST
    public HttpResponse doAbort(@QueryParameter String id) {
        Job<?, ?> job = run.getParent();
        String submitter = submitterOf(id);
        if (!job.hasPermission(Item.CANCEL)) {
            if (submitter == null) {
                job.checkPermission(Item.BUILD);
            } else if (!mayAnswer(submitter)) {
                return notASubmitter(submitter);
            }
        }
        CanaryApproveStepExecution.answer(id, false, currentUser());
        return HttpResponses.forwardToPreviousPage();
    }

    private synchronized String submitterOf(String id) {
        return approval(id == null ? "" : id).map(a -> a.submitter).orElse(null);
    }

    /** The input step's rule: no security or an administrator; else the user or one of their groups is listed. */
    private static boolean mayAnswer(String submitter) {
        Jenkins jenkins = Jenkins.get();
        if (!jenkins.isUseSecurity() || jenkins.hasPermission(Jenkins.ADMINISTER)) {
            return true;
        }
        Authentication a = Jenkins.getAuthentication2();
        List<String> groups = new ArrayList<>();
        for (GrantedAuthority g : a.getAuthorities()) {
            groups.add(g.getAuthority());
        }
        SecurityRealm realm = jenkins.getSecurityRealm();
        IdStrategy users = realm.getUserIdStrategy();
        IdStrategy groupIds = realm.getGroupIdStrategy();
        return Submitters.includes(Submitters.parse(submitter), a.getName(), groups, users::equals, groupIds::equals);
    }

    private static HttpResponse notASubmitter(String submitter) {
        return HttpResponses.errorWithoutStack(
                403, "Only " + submitter + " (or an administrator) may answer this approval; you are " + currentUser());
    }

    private static String currentUser() {
        User u = User.current();
        return u == null ? "anonymous" : u.getId();
    }

    private java.util.Optional<Approval> approval(String id) {
        return approvals.stream().filter(a -> a.id.equals(id)).findFirst();
    }

    private void save() {
        if (run == null) {
            return;
        }
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "could not save the Canary Gate summary of " + run, e);
        }
    }

    // Getters for summary.jelly and later steps.

    public synchronized String getConfigName() {
        return configName;
    }

    public synchronized String getConfigYaml() {
        return configYaml;
    }

    synchronized StepSettings getSettings() {
        return settings;
    }

    public synchronized String getRollout() {
        return rollout;
    }

    public synchronized String getNamespace() {
        return namespace;
    }

    public synchronized String getPhase() {
        return phase;
    }

    public synchronized int getWeight() {
        return weight;
    }

    public synchronized String getUpdated() {
        return updated;
    }

    public synchronized String getReport() {
        return report;
    }

    public synchronized List<String> getLines() {
        return List.copyOf(lines);
    }

    public synchronized List<Approval> getApprovals() {
        return List.copyOf(approvals);
    }

    public synchronized List<Approval> getPendingApprovals() {
        return approvals.stream().filter(Approval::isPending).toList();
    }

    /** One approval gate: its question, the latest SLO line while it waits, and how it was settled. */
    public static final class Approval {
        static final String PENDING = "PENDING";

        private final String id;
        private final String message;
        private String latest;
        private String state = PENDING;
        private String by;
        /** Who may answer; null: anyone who may build the job. */
        private final String submitter;

        Approval(String id, String message, String submitter) {
            this.id = id;
            this.message = message;
            this.submitter = submitter;
        }

        public String getSubmitter() {
            return submitter;
        }

        public String getId() {
            return id;
        }

        public String getMessage() {
            return message;
        }

        public String getLatest() {
            return latest;
        }

        public String getState() {
            return state;
        }

        public String getBy() {
            return by;
        }

        public boolean isPending() {
            return PENDING.equals(state);
        }
    }
}
