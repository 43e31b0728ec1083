package dev.tollgate.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints and renders deploy/helm/tollgate with the real Helm engine (helm-java's native library; no helm binary, no
 * cluster) and checks the manifests: one Deployment per process role, probes and metrics on the management port,
 * resources and hardening on every container, Secrets, HPAs, PDBs, the ServiceMonitor, the NetworkPolicy and the
 * Ingress' routing. Plain JUnit: no Quarkus application, no database.
 */
class HelmChartTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> ROLES = List.of("api", "ingest", "aggregator", "archiver", "worker");
    private static final String RELEASE = "tg";
    private static final String NAMESPACE = "billing";
    /** The chart's full name for release "tg": release name plus chart name. */
    private static final String FULLNAME = "tg-tollgate";
    private static final String EXISTING_SECRET = "tollgate-credentials";

    private static Path chart;
    private static Path ciValues;
    private static Path productionValues;
    /** Rendered with ci/ci-values.yaml: the chart's defaults plus the password it needs to create its Secret. */
    private static List<JsonNode> defaults;
    private static List<JsonNode> production;

    @BeforeAll
    static void render() {
        chart = chartDirectory();
        ciValues = chart.resolve("ci/ci-values.yaml");
        productionValues = chart.resolve("ci/production-values.yaml");
        defaults = template(ciValues, UnaryOperator.identity());
        production = template(productionValues, UnaryOperator.identity());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helm lint
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void lintsStrictlyWithTheDefaultValues() {
        assertLintPasses(chart);
    }

    @Test
    void lintsStrictlyWithTheProductionValues(@TempDir Path tmp) throws IOException {
        // helm-java 0.0.15's lint takes no values file: lint a copy whose values.yaml already holds them.
        Path copy = tmp.resolve("tollgate");
        copyTree(chart, copy);
        JsonNode merged = deepMerge(YAML.readTree(chart.resolve("values.yaml").toFile()),
                YAML.readTree(productionValues.toFile()));
        YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
        assertThat(merged.at("/secrets/existingSecret").asText()).isEqualTo(EXISTING_SECRET);

        assertLintPasses(copy);
    }

    private static void assertLintPasses(Path chartDir) {
        LintResult result = new Helm(chartDir).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict %s: %s", chartDir, result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Deployments
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void rendersOneDeploymentPerRoleWithItsProcessRoleAndComponentLabel() {
        for (List<JsonNode> docs : List.of(defaults, production)) {
            List<JsonNode> deployments = ofKind(docs, "Deployment");
            assertThat(deployments).extracting(HelmChartTest::name)
                    .containsExactlyInAnyOrderElementsOf(ROLES.stream().map(HelmChartTest::roleName).toList());
            for (String role : ROLES) {
                JsonNode deployment = named(deployments, roleName(role));
                assertThat(deployment.at("/metadata/labels/app.kubernetes.io~1component").asText()).isEqualTo(role);
                assertThat(deployment.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText())
                        .isEqualTo(role);
                assertThat(deployment.at("/spec/template/metadata/labels/app.kubernetes.io~1component").asText())
                        .isEqualTo(role);
                assertThat(containers(deployment)).singleElement()
                        .satisfies(c -> assertThat(env(c, "TOLLGATE_PROCESS_ROLES")).isEqualTo(role));
                // The pods match their own selector.
                Map<String, String> selector = strings(deployment.at("/spec/selector/matchLabels"));
                assertThat(strings(deployment.at("/spec/template/metadata/labels"))).containsAllEntriesOf(selector);
            }
            // Selectors differ per role, so no Deployment adopts another role's pods.
            assertThat(deployments.stream().map(d -> strings(d.at("/spec/selector/matchLabels"))).distinct())
                    .hasSize(ROLES.size());
        }
    }

    @Test
    void probesUseTheManagementPort() {
        for (JsonNode container : allContainers()) {
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                assertThat(container.at("/" + probe + "/httpGet/port").asText())
                        .as("%s of %s", probe, container.get("name")).isEqualTo("management");
            }
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.get("ports")).extracting(p -> p.get("name").asText())
                    .containsExactlyInAnyOrder("http", "management");
        }
    }

    @Test
    void everyContainerHasResourceRequestsAndLimits() {
        for (JsonNode container : allContainers()) {
            assertThat(container.at("/resources/requests/cpu").isMissingNode()).as("cpu request").isFalse();
            assertThat(container.at("/resources/requests/memory").isMissingNode()).as("memory request").isFalse();
            assertThat(container.at("/resources/limits/memory").isMissingNode()).as("memory limit").isFalse();
        }
        // The worker is smaller than the default api pods, with a heap to match.
        JsonNode worker = containers(named(ofKind(defaults, "Deployment"), roleName("worker"))).get(0);
        JsonNode api = containers(named(ofKind(defaults, "Deployment"), roleName("api"))).get(0);
        assertThat(worker.at("/resources/limits/memory").asText()).isEqualTo("768Mi");
        assertThat(env(worker, "JAVA_OPTS")).contains("-Xmx384m");
        assertThat(api.at("/resources/limits/memory").asText()).isEqualTo("1Gi");
        assertThat(env(api, "JAVA_OPTS")).contains("-Xmx512m");
    }

    @Test
    void podsRunAsNonRootWithAReadOnlyRootFilesystem() {
        for (List<JsonNode> docs : List.of(defaults, production)) {
            for (JsonNode deployment : ofKind(docs, "Deployment")) {
                JsonNode pod = deployment.at("/spec/template/spec");
                assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name(deployment)).isTrue();
                assertThat(pod.get("automountServiceAccountToken").asBoolean()).isFalse();
                for (JsonNode container : containers(deployment)) {
                    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
                    assertThat(container.at("/securityContext/allowPrivilegeEscalation").isBoolean()).isTrue();
                    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
                }
            }
        }
    }

    @Test
    void topologySpreadConstraintsWithoutSelectorSpreadEachRoleOnItsOwn() {
        JsonNode aggregator = named(ofKind(production, "Deployment"), roleName("aggregator"));
        JsonNode constraints = aggregator.at("/spec/template/spec/topologySpreadConstraints");
        assertThat(constraints).hasSize(2);
        for (JsonNode constraint : constraints) {
            assertThat(strings(constraint.at("/labelSelector/matchLabels")))
                    .isEqualTo(strings(aggregator.at("/spec/selector/matchLabels")));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Secrets
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void withAnExistingSecretNoSecretIsRenderedAndTheDeploymentsReadIt() {
        assertThat(ofKind(production, "Secret")).isEmpty();
        List<String> refs = secretKeyRefNames(production);
        assertThat(refs).isNotEmpty().containsOnly(EXISTING_SECRET);
        // The production values take the user from the Secret too.
        JsonNode api = containers(named(ofKind(production, "Deployment"), roleName("api"))).get(0);
        assertThat(envVar(api, "TOLLGATE_PG_USER").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("username");
        assertThat(named(ofKind(production, "ConfigMap"), FULLNAME).at("/data/TOLLGATE_PG_USER").isMissingNode())
                .isTrue();
    }

    @Test
    void withoutAnExistingSecretTheChartMakesOneAndNoCredentialReachesTheConfigMap() {
        JsonNode secret = named(ofKind(defaults, "Secret"), FULLNAME);
        assertThat(secret.get("data").has("pg-password")).isTrue();
        assertThat(secretKeyRefNames(defaults)).isNotEmpty().containsOnly(FULLNAME);
        JsonNode config = named(ofKind(defaults, "ConfigMap"), FULLNAME);
        assertThat(config.get("data").toString()).doesNotContain("ci-only-password", "tg_ci_only_admin_key");
        assertThat(config.get("data").has("TOLLGATE_PROCESS_ROLES")).isFalse();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HPA and PDB
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void autoscaledRolesGetAnHpaAndNoFixedReplicas() {
        assertThat(ofKind(defaults, "HorizontalPodAutoscaler")).isEmpty();
        for (JsonNode deployment : ofKind(defaults, "Deployment")) {
            assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        }

        List<JsonNode> hpas = ofKind(production, "HorizontalPodAutoscaler");
        assertThat(hpas).extracting(HelmChartTest::name)
                .containsExactlyInAnyOrder(roleName("api"), roleName("ingest"));
        for (JsonNode hpa : hpas) {
            assertThat(hpa.get("apiVersion").asText()).isEqualTo("autoscaling/v2");
            assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
            assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(name(hpa));
            assertThat(hpa.at("/spec/maxReplicas").asInt()).isGreaterThanOrEqualTo(hpa.at("/spec/minReplicas").asInt());
        }
        Map<String, JsonNode> deployments = byName(ofKind(production, "Deployment"));
        assertThat(deployments.get(roleName("api")).at("/spec/replicas").isMissingNode()).isTrue();
        assertThat(deployments.get(roleName("ingest")).at("/spec/replicas").isMissingNode()).isTrue();
        assertThat(deployments.get(roleName("aggregator")).at("/spec/replicas").asInt()).isEqualTo(3);
    }

    @Test
    void everyRoleHasAPodDisruptionBudgetSelectingOnlyItsPods() {
        for (List<JsonNode> docs : List.of(defaults, production)) {
            Map<String, JsonNode> deployments = byName(ofKind(docs, "Deployment"));
            List<JsonNode> pdbs = ofKind(docs, "PodDisruptionBudget");
            assertThat(pdbs).extracting(HelmChartTest::name)
                    .containsExactlyInAnyOrderElementsOf(ROLES.stream().map(HelmChartTest::roleName).toList());
            for (JsonNode pdb : pdbs) {
                assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
                assertThat(strings(pdb.at("/spec/selector/matchLabels")))
                        .isEqualTo(strings(deployments.get(name(pdb)).at("/spec/selector/matchLabels")));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Services, ServiceMonitor, NetworkPolicy, Ingress
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void apiAndIngestServicesExposeOnlyHttpAndTheManagementServiceSelectsEveryRole() {
        for (List<JsonNode> docs : List.of(defaults, production)) {
            Map<String, JsonNode> services = byName(ofKind(docs, "Service"));
            assertThat(services.keySet()).containsExactlyInAnyOrder(roleName("api"), roleName("ingest"),
                    roleName("management"));
            for (String role : List.of("api", "ingest")) {
                JsonNode service = services.get(roleName(role));
                assertThat(service.at("/spec/ports")).singleElement().satisfies(port -> {
                    assertThat(port.get("name").asText()).isEqualTo("http");
                    assertThat(port.get("targetPort").asText()).isEqualTo("http");
                });
                assertThat(service.at("/spec/selector/app.kubernetes.io~1component").asText()).isEqualTo(role);
            }
            JsonNode management = services.get(roleName("management"));
            assertThat(management.at("/spec/ports")).singleElement()
                    .satisfies(port -> assertThat(port.get("targetPort").asText()).isEqualTo("management"));
            Map<String, String> selector = strings(management.at("/spec/selector"));
            for (JsonNode deployment : ofKind(docs, "Deployment")) {
                assertThat(strings(deployment.at("/spec/template/metadata/labels"))).containsAllEntriesOf(selector);
            }
        }
    }

    @Test
    void theServiceMonitorScrapesTheManagementPortInProduction() {
        assertThat(ofKind(defaults, "ServiceMonitor")).isEmpty();
        JsonNode monitor = ofKind(production, "ServiceMonitor").stream().collect(single());
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(monitor.at("/spec/podTargetLabels")).extracting(JsonNode::asText)
                .containsExactly("app.kubernetes.io/component");
        assertThat(monitor.at("/spec/endpoints")).isNotEmpty().allSatisfy(endpoint -> {
            assertThat(endpoint.get("port").asText()).isEqualTo("management");
            assertThat(endpoint.get("path").asText()).isEqualTo("/q/metrics");
        });
        Map<String, String> selector = strings(monitor.at("/spec/selector/matchLabels"));
        List<JsonNode> selected = ofKind(production, "Service").stream()
                .filter(s -> strings(s.at("/metadata/labels")).entrySet().containsAll(selector.entrySet()))
                .toList();
        assertThat(selected).singleElement().satisfies(service -> {
            assertThat(name(service)).isEqualTo(roleName("management"));
            assertThat(service.at("/spec/ports")).extracting(p -> p.get("name").asText()).containsExactly("management");
        });
    }

    @Test
    void theNetworkPolicyAdmitsHttpAndManagementOnly() {
        for (List<JsonNode> docs : List.of(defaults, production)) {
            JsonNode policy = ofKind(docs, "NetworkPolicy").stream().collect(single());
            assertThat(policy.at("/spec/policyTypes")).extracting(JsonNode::asText).containsExactly("Ingress");
            List<String> ports = new ArrayList<>();
            policy.at("/spec/ingress").forEach(rule -> rule.get("ports").forEach(p -> ports.add(p.get("port").asText())));
            assertThat(ports).containsExactlyInAnyOrder("http", "management");
            // Every Tollgate pod is covered.
            Map<String, String> selector = strings(policy.at("/spec/podSelector/matchLabels"));
            for (JsonNode deployment : ofKind(docs, "Deployment")) {
                assertThat(strings(deployment.at("/spec/template/metadata/labels"))).containsAllEntriesOf(selector);
            }
        }
        JsonNode defaultPolicy = ofKind(defaults, "NetworkPolicy").get(0);
        assertThat(ingressRule(defaultPolicy, "http").has("from")).as("http from anywhere").isFalse();
        assertThat(ingressRule(defaultPolicy, "management").get("from").toString()).isEqualTo("[{\"podSelector\":{}}]");
        assertThat(ingressRule(ofKind(production, "NetworkPolicy").get(0), "management").get("from").toString())
                .contains("monitoring");
    }

    @Test
    void theIngressSendsEventsToIngestEverythingElseToApiAndNeverTheManagementPort() {
        assertThat(ofKind(defaults, "Ingress")).isEmpty();
        JsonNode ingress = ofKind(production, "Ingress").stream().collect(single());
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("tollgate-tls");
        Map<String, JsonNode> services = byName(ofKind(production, "Service"));
        Map<String, String> backendByPath = new HashMap<>();
        for (JsonNode rule : ingress.at("/spec/rules")) {
            assertThat(rule.get("host").asText()).isEqualTo("tollgate.example.com");
            for (JsonNode path : rule.at("/http/paths")) {
                assertThat(path.get("pathType").asText()).isEqualTo("Prefix");
                String service = path.at("/backend/service/name").asText();
                assertThat(service).isIn(roleName("api"), roleName("ingest"));
                JsonNode port = path.at("/backend/service/port");
                if (port.has("name")) {
                    assertThat(port.get("name").asText()).isEqualTo("http");
                } else {
                    assertThat(port.get("number").asInt())
                            .isEqualTo(services.get(service).at("/spec/ports/0/port").asInt());
                }
                backendByPath.put(path.get("path").asText(), service);
            }
        }
        assertThat(backendByPath).containsOnly(
                Map.entry("/api/v1/events", roleName("ingest")),
                Map.entry("/api/v1/kong", roleName("ingest")),
                Map.entry("/", roleName("api")));
        assertThat(ingress.toString()).doesNotContain("management", "9000");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Switching roles off
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void disablingARoleRemovesItsDeploymentAndBudget() {
        List<JsonNode> docs = template(ciValues, t -> t.set("roles.worker.enabled", "false"));
        assertThat(ofKind(docs, "Deployment")).extracting(HelmChartTest::name)
                .containsExactlyInAnyOrder(roleName("api"), roleName("ingest"), roleName("aggregator"),
                        roleName("archiver"));
        assertThat(ofKind(docs, "PodDisruptionBudget")).extracting(HelmChartTest::name)
                .doesNotContain(roleName("worker"));
    }

    @Test
    void disablingEveryRoleFailsTheRender() {
        assertThatThrownBy(() -> template(ciValues, t -> {
            for (String role : ROLES) {
                t.set("roles." + role + ".enabled", "false");
            }
            return t;
        })).hasMessageContaining("at least one of roles");
    }

    @Test
    void theNotesNameEveryRoleAndWarnAboutConsumersBeyondThePartitions() {
        // A client-only dry-run install renders NOTES.txt as well; it talks to no cluster.
        String notes = new Helm(chart).install().withName(RELEASE).withNamespace(NAMESPACE).clientOnly()
                .withDryRunOption(DryRun.CLIENT).withValuesFile(ciValues).set("roles.aggregator.replicas", "5")
                .call().getOutput();
        for (String role : ROLES) {
            assertThat(notes).contains("rollout status deployment/" + roleName(role),
                    "TOLLGATE_PROCESS_ROLES=" + role);
        }
        assertThat(notes).contains("up to 5 aggregator replicas but the ingest topic has 3 partitions")
                .doesNotContain("archiver replicas but");
    }

    @Test
    void theGrafanaDashboardParsesAndQueriesThroughItsDatasourceVariable() throws IOException {
        Path file = chart.resolve("../../grafana/tollgate-dashboard.json").normalize();
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        assertThat(dashboard.at("/templating/list/0/type").asText()).isEqualTo("datasource");
        assertThat(dashboard.at("/templating/list/0/query").asText()).isEqualTo("prometheus");
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.at("/datasource/uid").asText()).isEqualTo("${datasource}");
                exprs.add(target.get("expr").asText());
            }
        }
        assertThat(String.join("\n", exprs)).contains("tollgate_aggregator_lag_events", "tollgate_archive_lag_events",
                "tollgate_archive_lag_seconds", "tollgate_clickhouse_insert_seconds",
                "tollgate_notifications_attempts_total", "http_server_requests_seconds_count",
                "kafka_producer_request_latency_max");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    private static List<JsonNode> template(Path valuesFile, UnaryOperator<TemplateCommand> options) {
        String rendered = options.apply(new Helm(chart).template()
                .withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(valuesFile)).call();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered)) {
            List<JsonNode> parsed = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    parsed.add(doc);
                }
            }
            assertThat(parsed).as("rendered manifests").isNotEmpty();
            for (JsonNode doc : parsed) {
                assertThat(doc.at("/metadata/name").asText()).as("name of a %s", doc.get("kind")).isNotBlank();
            }
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException("unparseable output of helm template:\n" + rendered, e);
        }
    }

    private static String roleName(String role) {
        return FULLNAME + "-" + role;
    }

    private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind").asText())).toList();
    }

    private static String name(JsonNode doc) {
        return doc.at("/metadata/name").asText();
    }

    private static JsonNode named(List<JsonNode> docs, String name) {
        return docs.stream().filter(d -> name.equals(name(d))).collect(single());
    }

    private static Map<String, JsonNode> byName(List<JsonNode> docs) {
        return docs.stream().collect(Collectors.toMap(HelmChartTest::name, d -> d));
    }

    private static List<JsonNode> containers(JsonNode deployment) {
        return StreamSupport.stream(deployment.at("/spec/template/spec/containers").spliterator(), false).toList();
    }

    private static List<JsonNode> allContainers() {
        List<JsonNode> all = Stream.of(defaults, production).flatMap(docs -> ofKind(docs, "Deployment").stream())
                .flatMap(d -> containers(d).stream()).toList();
        assertThat(all).hasSize(2 * ROLES.size());
        return all;
    }

    private static JsonNode envVar(JsonNode container, String name) {
        return StreamSupport.stream(container.get("env").spliterator(), false)
                .filter(e -> name.equals(e.get("name").asText())).collect(single());
    }

    private static String env(JsonNode container, String name) {
        return envVar(container, name).get("value").asText();
    }

    private static List<String> secretKeyRefNames(List<JsonNode> docs) {
        List<String> names = new ArrayList<>();
        for (JsonNode deployment : ofKind(docs, "Deployment")) {
            for (JsonNode container : containers(deployment)) {
                for (JsonNode env : container.get("env")) {
                    JsonNode ref = env.at("/valueFrom/secretKeyRef/name");
                    if (!ref.isMissingNode()) {
                        names.add(ref.asText());
                    }
                }
            }
        }
        return names;
    }

    private static JsonNode ingressRule(JsonNode policy, String port) {
        return StreamSupport.stream(policy.at("/spec/ingress").spliterator(), false)
                .filter(rule -> port.equals(rule.at("/ports/0/port").asText())).collect(single());
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static <T> java.util.stream.Collector<T, ?, T> single() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }

    /** Helm's merge of a values file over the chart's values: maps merge key by key, anything else replaces. */
    static JsonNode deepMerge(JsonNode base, JsonNode override) {
        if (!(base instanceof ObjectNode target) || !override.isObject()) {
            return override.deepCopy();
        }
        ObjectNode merged = target.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = override.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                merged.remove(field.getKey());
            } else if (merged.has(field.getKey())) {
                merged.set(field.getKey(), deepMerge(merged.get(field.getKey()), field.getValue()));
            } else {
                merged.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return merged;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** deploy/helm/tollgate, found by walking up from the working directory (app/ under Maven, the root in an IDE). */
    private static Path chartDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/helm/tollgate");
            if (Files.isRegularFile(candidate.resolve("Chart.yaml"))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("no deploy/helm/tollgate/Chart.yaml above " + Path.of("").toAbsolutePath());
    }
}
