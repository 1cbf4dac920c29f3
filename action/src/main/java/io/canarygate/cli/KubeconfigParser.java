package io.canarygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.AuthProviderConfig;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.ExecEnvVar;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Preferences;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a kubeconfig into fabric8's model ({@link Config}) field by field, with the same result as fabric8's own
 * parse ({@code KubeConfigUtils.parseConfigFromString}; {@code KubeconfigParserTest} compares the two on a kubeconfig
 * that uses every field). Why not bind it with Jackson: binding these model classes makes Jackson introspect them and
 * the registry of every model class fabric8 attaches to them, ~370 ms of a step's cold start for a file of ten lines.
 *
 * <p>Unknown fields land in each object's additional properties, as with fabric8. {@code extensions} (clusters,
 * contexts, users, preferences and the file) are skipped: nothing in the client reads them.
 */
final class KubeconfigParser {
    private static final YAMLMapper YAML = new YAMLMapper();

    private KubeconfigParser() {}

    /** @throws IllegalArgumentException naming the field when the text is not YAML or a field has the wrong shape */
    static Config parse(String content) {
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(
                    "not YAML: " + message.lines().findFirst().orElse(message));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new IllegalArgumentException("empty");
        }
        // Plain calls, no lambdas or method references: each of those costs a generated class at start-up.
        Node file = new Node(root, "");
        file.requireObject();
        Config config = new Config();
        config.setApiVersion(file.str("apiVersion"));
        config.setKind(file.str("kind"));
        config.setCurrentContext(file.str("current-context"));
        List<Node> clusters = file.objects("clusters");
        if (clusters != null) {
            List<NamedCluster> list = new ArrayList<>();
            for (Node n : clusters) {
                list.add(namedCluster(n));
            }
            config.setClusters(list);
        }
        List<Node> contexts = file.objects("contexts");
        if (contexts != null) {
            List<NamedContext> list = new ArrayList<>();
            for (Node n : contexts) {
                list.add(namedContext(n));
            }
            config.setContexts(list);
        }
        List<Node> users = file.objects("users");
        if (users != null) {
            List<NamedAuthInfo> list = new ArrayList<>();
            for (Node n : users) {
                list.add(namedAuthInfo(n));
            }
            config.setUsers(list);
        }
        Node p = file.object("preferences");
        if (p != null) {
            Preferences preferences = new Preferences();
            preferences.setColors(p.bool("colors"));
            p.rest(PREFERENCES, preferences.getAdditionalProperties());
            config.setPreferences(preferences);
        }
        file.rest(FILE, config.getAdditionalProperties());
        return config;
    }

    private static final Set<String> FILE = Set.of(
            "apiVersion", "kind", "current-context", "clusters", "contexts", "users", "preferences", "extensions");
    private static final Set<String> PREFERENCES = Set.of("colors", "extensions");
    private static final Set<String> NAMED_CLUSTER = Set.of("name", "cluster");
    private static final Set<String> CLUSTER = Set.of(
            "certificate-authority",
            "certificate-authority-data",
            "disable-compression",
            "insecure-skip-tls-verify",
            "proxy-url",
            "server",
            "tls-server-name",
            "extensions");
    private static final Set<String> NAMED_CONTEXT = Set.of("name", "context");
    private static final Set<String> CONTEXT = Set.of("cluster", "namespace", "user", "extensions");
    private static final Set<String> NAMED_AUTH_INFO = Set.of("name", "user");
    private static final Set<String> AUTH_INFO = Set.of(
            "as",
            "as-groups",
            "as-uid",
            "as-user-extra",
            "auth-provider",
            "client-certificate",
            "client-certificate-data",
            "client-key",
            "client-key-data",
            "exec",
            "extensions",
            "password",
            "token",
            "tokenFile",
            "username");
    private static final Set<String> AUTH_PROVIDER = Set.of("name", "config");
    private static final Set<String> EXEC =
            Set.of("apiVersion", "args", "command", "env", "installHint", "interactiveMode", "provideClusterInfo");
    private static final Set<String> EXEC_ENV = Set.of("name", "value");

    private static NamedCluster namedCluster(Node n) {
        NamedCluster named = new NamedCluster();
        named.setName(n.str("name"));
        Node c = n.object("cluster");
        if (c != null) {
            Cluster cluster = new Cluster();
            cluster.setCertificateAuthority(c.str("certificate-authority"));
            cluster.setCertificateAuthorityData(c.str("certificate-authority-data"));
            cluster.setDisableCompression(c.bool("disable-compression"));
            cluster.setInsecureSkipTlsVerify(c.bool("insecure-skip-tls-verify"));
            cluster.setProxyUrl(c.str("proxy-url"));
            cluster.setServer(c.str("server"));
            cluster.setTlsServerName(c.str("tls-server-name"));
            c.rest(CLUSTER, cluster.getAdditionalProperties());
            named.setCluster(cluster);
        }
        n.rest(NAMED_CLUSTER, named.getAdditionalProperties());
        return named;
    }

    private static NamedContext namedContext(Node n) {
        NamedContext named = new NamedContext();
        named.setName(n.str("name"));
        Node c = n.object("context");
        if (c != null) {
            Context context = new Context();
            context.setCluster(c.str("cluster"));
            context.setNamespace(c.str("namespace"));
            context.setUser(c.str("user"));
            c.rest(CONTEXT, context.getAdditionalProperties());
            named.setContext(context);
        }
        n.rest(NAMED_CONTEXT, named.getAdditionalProperties());
        return named;
    }

    private static NamedAuthInfo namedAuthInfo(Node n) {
        NamedAuthInfo named = new NamedAuthInfo();
        named.setName(n.str("name"));
        Node u = n.object("user");
        if (u != null) {
            named.setUser(authInfo(u));
        }
        n.rest(NAMED_AUTH_INFO, named.getAdditionalProperties());
        return named;
    }

    private static AuthInfo authInfo(Node u) {
        AuthInfo a = new AuthInfo();
        a.setAs(u.str("as"));
        List<String> groups = u.strings("as-groups");
        if (groups != null) {
            a.setAsGroups(groups);
        }
        a.setAsUid(u.str("as-uid"));
        Node x = u.object("as-user-extra");
        if (x != null) {
            Map<String, List<String>> extra = new LinkedHashMap<>();
            for (String key : x.names()) {
                extra.put(key, x.strings(key));
            }
            a.setAsUserExtra(extra);
        }
        Node p = u.object("auth-provider");
        if (p != null) {
            AuthProviderConfig provider = new AuthProviderConfig();
            provider.setName(p.str("name"));
            Node c = p.object("config");
            if (c != null) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String key : c.names()) {
                    values.put(key, c.str(key));
                }
                provider.setConfig(values);
            }
            p.rest(AUTH_PROVIDER, provider.getAdditionalProperties());
            a.setAuthProvider(provider);
        }
        a.setClientCertificate(u.str("client-certificate"));
        a.setClientCertificateData(u.str("client-certificate-data"));
        a.setClientKey(u.str("client-key"));
        a.setClientKeyData(u.str("client-key-data"));
        Node e = u.object("exec");
        if (e != null) {
            a.setExec(exec(e));
        }
        a.setPassword(u.str("password"));
        a.setToken(u.str("token"));
        a.setTokenFile(u.str("tokenFile"));
        a.setUsername(u.str("username"));
        u.rest(AUTH_INFO, a.getAdditionalProperties());
        return a;
    }

    private static ExecConfig exec(Node e) {
        ExecConfig exec = new ExecConfig();
        exec.setApiVersion(e.str("apiVersion"));
        List<String> args = e.strings("args");
        if (args != null) {
            exec.setArgs(args);
        }
        exec.setCommand(e.str("command"));
        List<Node> env = e.objects("env");
        if (env != null) {
            List<ExecEnvVar> vars = new ArrayList<>();
            for (Node v : env) {
                ExecEnvVar var = new ExecEnvVar();
                var.setName(v.str("name"));
                var.setValue(v.str("value"));
                v.rest(EXEC_ENV, var.getAdditionalProperties());
                vars.add(var);
            }
            exec.setEnv(vars);
        }
        exec.setInstallHint(e.str("installHint"));
        exec.setInteractiveMode(e.str("interactiveMode"));
        exec.setProvideClusterInfo(e.bool("provideClusterInfo"));
        e.rest(EXEC, exec.getAdditionalProperties());
        return exec;
    }

    /** A node and its path in the file, for messages ({@code users[0].user.exec.args}). */
    private record Node(JsonNode json, String path) {
        void requireObject() {
            if (!json.isObject()) {
                throw shape("a mapping");
            }
        }

        /** The field, or null when it is absent or null (both leave the model's default). */
        private Node field(String name) {
            JsonNode value = json.get(name);
            return value == null || value.isNull() ? null : new Node(value, path.isEmpty() ? name : path + "." + name);
        }

        String str(String name) {
            Node f = field(name);
            return f == null ? null : f.text();
        }

        private String text() {
            if (!json.isValueNode()) {
                throw shape("a string");
            }
            return json.asText();
        }

        Boolean bool(String name) {
            Node f = field(name);
            if (f == null) {
                return null;
            }
            if (f.json.isBoolean()) {
                return f.json.booleanValue();
            }
            if (f.json.isTextual() && ("true".equals(f.json.textValue()) || "false".equals(f.json.textValue()))) {
                return Boolean.valueOf(f.json.textValue());
            }
            throw f.shape("true or false");
        }

        /** A list of strings, or null when absent. */
        List<String> strings(String name) {
            List<Node> items = items(name);
            if (items == null) {
                return null;
            }
            List<String> values = new ArrayList<>();
            for (Node item : items) {
                values.add(item.text());
            }
            return values;
        }

        /** A list of mappings, or null when absent. */
        List<Node> objects(String name) {
            List<Node> items = items(name);
            if (items != null) {
                for (Node item : items) {
                    item.requireObject();
                }
            }
            return items;
        }

        /** A mapping, or null when absent. */
        Node object(String name) {
            Node f = field(name);
            if (f != null) {
                f.requireObject();
            }
            return f;
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            Iterator<String> it = json.fieldNames();
            while (it.hasNext()) {
                names.add(it.next());
            }
            return names;
        }

        /** Every field not in {@code known} into {@code into}, as plain Java values (maps, lists, strings, numbers). */
        void rest(Set<String> known, Map<String, Object> into) {
            for (String key : names()) {
                if (!known.contains(key)) {
                    into.put(key, YAML.convertValue(json.get(key), Object.class));
                }
            }
        }

        private List<Node> items(String name) {
            Node f = field(name);
            if (f == null) {
                return null;
            }
            if (!f.json.isArray()) {
                throw f.shape("a list");
            }
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < f.json.size(); i++) {
                items.add(new Node(f.json.get(i), f.path + "[" + i + "]"));
            }
            return items;
        }

        private IllegalArgumentException shape(String expected) {
            return new IllegalArgumentException((path.isEmpty() ? "the file" : path) + ": expected " + expected
                    + ", found " + json.getNodeType().name().toLowerCase(Locale.ROOT));
        }
    }
}
