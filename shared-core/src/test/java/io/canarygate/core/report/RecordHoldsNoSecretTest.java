package io.canarygate.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.Json;
import io.canarygate.core.spec.NotifySpec;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SecretRef;
import io.canarygate.core.state.RolloutRecord;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Invariant 6 for the evidence: reports are built from the record alone, and the record has no place for a secret.
 * The first test pins the record's shape (a new component that could carry a URL or token fails it); the second checks
 * the output of a realistic record whose trigger carries an ordinary run URL and actor.
 */
class RecordHoldsNoSecretTest {
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(secret|token|password|credential|webhook|auth|hmac|bearer).*");
    private static final Set<Class<?>> SECRET_CARRIERS = Set.of(SecretRef.class, NotifySpec.class, RolloutSpec.class);

    @Test
    void theRecordHasNoComponentThatCouldHoldASecret() {
        List<String> visited = new ArrayList<>();
        walk(RolloutRecord.class, "record", new HashSet<>(), visited);

        assertThat(visited)
                .as("every component reachable from RolloutRecord")
                .contains(
                        "record.owner.url", "record.analyses[].measurements[].reason", "record.history[].trigger.actor")
                .allSatisfy(path -> assertThat(path.substring(path.lastIndexOf('.') + 1))
                        .as(path)
                        .doesNotMatch(SECRET_NAME));
    }

    @Test
    void reportsOfARealisticRecordCarryNoSecretValue() throws Exception {
        RolloutRecord r = SampleRecords.rolledBack();
        // What the environment held while that rollout ran: none of it may reach the evidence.
        List<String> secrets = List.of(
                "https://hooks.slack.com/services/T0CANARY/B0GATE/xoxbSecretToken123",
                "xoxbSecretToken123",
                "hmac-s3cret-value",
                "prom-bearer-token-0123456789");

        List<String> outputs = List.of(
                Reports.json(r),
                Reports.markdown(r),
                Reports.junit(r),
                Json.mapper().writeValueAsString(r));

        for (String out : outputs) {
            assertThat(out).contains(SampleRecords.GITHUB.url()).contains("alice");
            secrets.forEach(s -> assertThat(out).doesNotContain(s));
        }
    }

    private static void walk(Type type, String path, Set<Type> onPath, List<String> visited) {
        if (type instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                walk(arg, path + (p.getRawType() == java.util.Map.class ? "{}" : "[]"), onPath, visited);
            }
            return;
        }
        if (!(type instanceof Class<?> c)) {
            return;
        }
        for (Class<?> carrier : SECRET_CARRIERS) {
            assertThat(carrier.isAssignableFrom(c))
                    .as("%s is a %s", path, carrier.getSimpleName())
                    .isFalse();
        }
        if (!c.isRecord() || !onPath.add(c)) {
            return;
        }
        for (RecordComponent rc : c.getRecordComponents()) {
            String child = path + "." + rc.getName();
            visited.add(child);
            walk(rc.getGenericType(), child, onPath, visited);
        }
        onPath.remove(c);
    }
}
