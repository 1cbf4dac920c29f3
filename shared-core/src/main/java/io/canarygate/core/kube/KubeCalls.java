package io.canarygate.core.kube;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * Runs one API call and turns a client failure into an INFRASTRUCTURE {@link CanaryGateException} that says what was
 * being done. The fabric8 message carries the URL and the server's status text, never the credentials.
 */
public final class KubeCalls {
    /** HTTP 409: a create of an existing name, or a write with a stale resourceVersion. */
    public static final int CONFLICT = 409;

    private KubeCalls() {}

    /** {@code what} reads like {@code get deployment shop/checkout}. */
    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw failure(what, e);
        }
    }

    public static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Runs a read-change-write ({@code edit}: fabric8's {@code edit}, whose patch carries the resourceVersion it read).
     * A 409 means something else wrote the object in between (a controller writing its status, another tool): the
     * edit runs again, reading afresh, up to {@link #EDIT_TRIES} times (client-go's RetryOnConflict, as controllers such as
     * Argo Rollouts use it).
     */
    public static void edit(String what, Runnable edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                edit.run();
                return;
            } catch (KubernetesClientException e) {
                if (!isConflict(e) || attempt >= EDIT_TRIES) {
                    throw failure(what, e);
                }
            }
        }
    }

    /** Attempts of one {@link #edit} against concurrent writers. */
    public static final int EDIT_TRIES = 10;

    /** The exception for a failed call. */
    public static CanaryGateException failure(String what, KubernetesClientException e) {
        String status = e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "";
        String hint =
                switch (e.getCode()) {
                    case 401 -> "; check the credentials in the kubeconfig";
                    case 403 -> "; grant the pipeline's service account this permission (RBAC)";
                    case 0 -> "; check that the API server is reachable from this runner";
                    default -> "";
                };
        return new CanaryGateException(
                Kind.INFRASTRUCTURE, "cannot " + what + ": " + status + firstLine(e.getMessage()) + hint, e);
    }

    /** Whether {@code e} is a 409 Conflict. */
    public static boolean isConflict(Throwable e) {
        return e instanceof KubernetesClientException k && k.getCode() == CONFLICT;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
