package io.canarygate.core.traffic;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.spec.RouterSpec;
import io.canarygate.core.spec.SecretResolver;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Builds the {@link TrafficRouter} a {@link RouterSpec} asks for. */
public final class TrafficRouters {
    private TrafficRouters() {}

    /** For routers that need no secret; a router that names one fails when it resolves it. */
    public static TrafficRouter create(RouterSpec spec, KubernetesClient kube) {
        return create(spec, kube, ref -> {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "secret " + ref.describe() + " cannot be resolved here: no secret resolver was given");
        });
    }

    /** The router {@code spec} asks for; {@code secrets} resolves the secrets it names, at the moment of use. */
    public static TrafficRouter create(RouterSpec spec, KubernetesClient kube, SecretResolver secrets) {
        if (spec instanceof RouterSpec.ReplicaRatio) {
            return new ReplicaRatioRouter(kube);
        }
        if (spec instanceof RouterSpec.NginxIngress nginx) {
            return new NginxIngressRouter(kube, nginx);
        }
        if (spec instanceof RouterSpec.GatewayApi gatewayApi) {
            return new GatewayApiRouter(kube, gatewayApi);
        }
        if (spec instanceof RouterSpec.Smi smi) {
            return new SmiRouter(kube, smi);
        }
        if (spec instanceof RouterSpec.Istio istio) {
            return new IstioRouter(kube, istio);
        }
        if (spec instanceof RouterSpec.ArgoRollout argo) {
            return new ArgoRolloutRouter(kube, argo);
        }
        if (spec instanceof RouterSpec.FeatureFlag flag) {
            return new FeatureFlagRouter(flag, secrets);
        }
        throw new IllegalArgumentException("no traffic router for " + spec.kind());
    }
}
