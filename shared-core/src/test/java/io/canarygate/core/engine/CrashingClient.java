package io.canarygate.core.engine;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A Kubernetes client on the mock cluster that "crashes" the engine using it: after the k-th request (or after the
 * first request a predicate matches), every further request of this client is answered 503 without reaching the
 * server, so the crashed engine can neither go on nor compensate. The cluster (and its Deployment controller) keeps
 * running; a fresh engine on a healthy client plays the restarted pipeline. No retries, so a crash is immediate.
 */
final class CrashingClient implements AutoCloseable {
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile int crashAfter = Integer.MAX_VALUE;
    private volatile Predicate<Request> crashAfterMatch = r -> false;
    private volatile Predicate<Request> refused = r -> false;
    private volatile boolean crashed;
    private final KubernetesClient client;

    CrashingClient(String masterUrl) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl)
                .withNamespace("default")
                .withOauthToken("mock-token")
                .withRequestRetryBackoffLimit(0)
                .build();
        client = new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new OkHttpClientFactory() {
                    @Override
                    protected void additionalConfig(OkHttpClient.Builder builder) {
                        builder.addInterceptor(chain -> {
                            Request request = chain.request();
                            if (crashed) {
                                return unavailable(request);
                            }
                            if (refused.test(request)) {
                                return failure(request, 403, "Forbidden", "refused by the test");
                            }
                            int n = requests.incrementAndGet();
                            log.add(request.method() + " " + request.url().encodedPath());
                            if (n > crashAfter) {
                                crashed = true;
                                return unavailable(request);
                            }
                            Response response = chain.proceed(request);
                            if (crashAfterMatch.test(request)) {
                                crashed = true;
                            }
                            return response;
                        });
                    }
                })
                .build();
    }

    KubernetesClient client() {
        return client;
    }

    /** Requests 1..k reach the server; from k+1 on, every request fails. */
    CrashingClient crashAfter(int k) {
        crashAfter = k;
        return this;
    }

    /** The first request matching {@code match} reaches the server; every later one fails. */
    CrashingClient crashAfterFirst(Predicate<Request> match) {
        crashAfterMatch = match;
        return this;
    }

    /** Requests matching {@code match} are answered 403 (as a Role that lacks the verb would), without a crash. */
    CrashingClient refuse(Predicate<Request> match) {
        refused = match;
        return this;
    }

    boolean crashed() {
        return crashed;
    }

    /** Requests that reached the server (or the crash point). */
    int requests() {
        return requests.get();
    }

    List<String> log() {
        return List.copyOf(log);
    }

    private static Response unavailable(Request request) {
        return failure(request, 503, "Service Unavailable", "crashed");
    }

    private static Response failure(Request request, int code, String reason, String message) {
        return new Response.Builder()
                .request(request)
                .protocol(Protocol.HTTP_1_1)
                .code(code)
                .message(reason)
                .body(ResponseBody.create(
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"" + message
                                + "\",\"code\":" + code + "}",
                        MediaType.get("application/json")))
                .build();
    }

    @Override
    public void close() {
        client.close();
    }
}
