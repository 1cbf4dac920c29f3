package io.canarygate.core.traffic;

import io.canarygate.core.spec.RouterSpec;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Builds the {@link TrafficRouter} a {@link RouterSpec} asks for. */
public final class TrafficRouters {
    private TrafficRouters() {}

    public static TrafficRouter create(RouterSpec spec, KubernetesClient kube) {
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
        throw new IllegalArgumentException("no traffic router for " + spec.kind());
    }
}
