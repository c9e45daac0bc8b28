package io.mmanet.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every YAML file under deploy/ parses, and every field name it uses is a Kubernetes field of the
 * object it sits in (a misspelt field is silently dropped by kubectl apply without --validate).
 * The field lists cover the object kinds and sub-objects we use, from the Kubernetes API reference.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Allowed field names per object type; a field mapped to a type is checked recursively. */
    private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
            Map.entry("ObjectMeta", Set.of("name", "namespace", "labels", "annotations", "generateName")),
            Map.entry("PodSpec", Set.of("containers", "initContainers", "volumes", "restartPolicy", "serviceAccountName",
                    "nodeSelector", "tolerations", "affinity", "securityContext", "priorityClassName",
                    "terminationGracePeriodSeconds", "imagePullSecrets", "hostNetwork", "dnsPolicy")),
            Map.entry("PodTemplateSpec", Set.of("metadata", "spec")),
            Map.entry("Container", Set.of("name", "image", "imagePullPolicy", "command", "args", "env", "envFrom",
                    "resources", "volumeMounts", "ports", "workingDir", "securityContext", "livenessProbe",
                    "readinessProbe")),
            Map.entry("ResourceRequirements", Set.of("limits", "requests")),
            Map.entry("EnvVar", Set.of("name", "value", "valueFrom")),
            Map.entry("VolumeMount", Set.of("name", "mountPath", "readOnly", "subPath")),
            Map.entry("Volume", Set.of("name", "persistentVolumeClaim", "emptyDir", "configMap", "secret", "hostPath")),
            Map.entry("Toleration", Set.of("key", "operator", "value", "effect", "tolerationSeconds")),
            Map.entry("PodSecurityContext", Set.of("runAsUser", "runAsGroup", "fsGroup", "runAsNonRoot")),
            Map.entry("CronJobSpec", Set.of("schedule", "timeZone", "jobTemplate", "concurrencyPolicy", "suspend",
                    "startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit")),
            Map.entry("JobTemplateSpec", Set.of("metadata", "spec")),
            Map.entry("JobSpec", Set.of("template", "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished",
                    "completions", "parallelism")),
            Map.entry("PolicyRule", Set.of("apiGroups", "resources", "verbs", "resourceNames")),
            Map.entry("Subject", Set.of("kind", "name", "namespace", "apiGroup")),
            Map.entry("RoleRef", Set.of("apiGroup", "kind", "name")));

    /** Which type a field holds (by parent type and field name); lists hold their element type. */
    private static final Map<String, String> CHILD = Map.ofEntries(
            Map.entry("PodSpec.containers", "Container"),
            Map.entry("PodSpec.initContainers", "Container"),
            Map.entry("PodSpec.volumes", "Volume"),
            Map.entry("PodSpec.tolerations", "Toleration"),
            Map.entry("PodSpec.securityContext", "PodSecurityContext"),
            Map.entry("PodTemplateSpec.metadata", "ObjectMeta"),
            Map.entry("PodTemplateSpec.spec", "PodSpec"),
            Map.entry("Container.resources", "ResourceRequirements"),
            Map.entry("Container.env", "EnvVar"),
            Map.entry("Container.volumeMounts", "VolumeMount"),
            Map.entry("CronJobSpec.jobTemplate", "JobTemplateSpec"),
            Map.entry("JobTemplateSpec.metadata", "ObjectMeta"),
            Map.entry("JobTemplateSpec.spec", "JobSpec"),
            Map.entry("JobSpec.template", "PodTemplateSpec"));

    /** apiVersion and the type of spec (or of the top-level fields) per kind. */
    private static final Map<String, String> API_VERSION = Map.of(
            "Pod", "v1", "ServiceAccount", "v1", "CronJob", "batch/v1",
            "Role", "rbac.authorization.k8s.io/v1", "RoleBinding", "rbac.authorization.k8s.io/v1");

    static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> s = Files.walk(DeployTree.root().resolve("deploy"))) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(file.toFile())) {
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }

    @Test
    void everyManifestParsesAndUsesOnlyKubernetesFieldNames() throws IOException {
        List<Path> files = yamlFiles();
        assertTrue(files.size() >= 5, "expected pod templates, RBAC and the CronJob under deploy/: " + files);
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            List<JsonNode> docs = documents(f);
            assertFalse(docs.isEmpty(), f + " holds no YAML document");
            for (JsonNode doc : docs) {
                checkObject(f, doc, problems);
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private static void checkObject(Path f, JsonNode doc, List<String> problems) {
        String kind = doc.path("kind").asText("");
        String where = DeployTree.root().relativize(f) + " (" + kind + ")";
        if (!API_VERSION.containsKey(kind)) {
            problems.add(where + ": unexpected kind '" + kind + "'");
            return;
        }
        if (!API_VERSION.get(kind).equals(doc.path("apiVersion").asText())) {
            problems.add(where + ": apiVersion " + doc.path("apiVersion") + ", expected " + API_VERSION.get(kind));
        }
        Set<String> top = switch (kind) {
            case "Pod", "CronJob" -> Set.of("apiVersion", "kind", "metadata", "spec");
            case "Role" -> Set.of("apiVersion", "kind", "metadata", "rules");
            case "RoleBinding" -> Set.of("apiVersion", "kind", "metadata", "subjects", "roleRef");
            default -> Set.of("apiVersion", "kind", "metadata");
        };
        doc.fieldNames().forEachRemaining(n -> {
            if (!top.contains(n)) {
                problems.add(where + ": unknown top-level field '" + n + "'");
            }
        });
        check(where + " metadata", doc.path("metadata"), "ObjectMeta", problems);
        switch (kind) {
            case "Pod" -> check(where + " spec", doc.path("spec"), "PodSpec", problems);
            case "CronJob" -> check(where + " spec", doc.path("spec"), "CronJobSpec", problems);
            case "Role" -> doc.path("rules").forEach(r -> check(where + " rules[]", r, "PolicyRule", problems));
            case "RoleBinding" -> {
                doc.path("subjects").forEach(s -> check(where + " subjects[]", s, "Subject", problems));
                check(where + " roleRef", doc.path("roleRef"), "RoleRef", problems);
            }
            default -> { }
        }
    }

    private static void check(String where, JsonNode node, String type, List<String> problems) {
        if (node.isArray()) {
            node.forEach(e -> check(where + "[]", e, type, problems));
            return;
        }
        if (!node.isObject()) {
            problems.add(where + ": expected an object of type " + type + ", got " + node.getNodeType());
            return;
        }
        Set<String> allowed = FIELDS.get(type);
        node.fields().forEachRemaining(e -> {
            if (!allowed.contains(e.getKey())) {
                problems.add(where + ": '" + e.getKey() + "' is not a field of " + type);
            } else if (CHILD.containsKey(type + "." + e.getKey())) {
                check(where + "." + e.getKey(), e.getValue(), CHILD.get(type + "." + e.getKey()), problems);
            }
        });
        if (type.equals("Container") && node.path("resources").isObject()) {
            for (String side : List.of("limits", "requests")) {
                node.path("resources").path(side).fieldNames().forEachRemaining(r -> {
                    if (!Set.of("cpu", "memory", "nvidia.com/gpu", "ephemeral-storage").contains(r)) {
                        problems.add(where + ".resources." + side + ": unknown resource '" + r + "'");
                    }
                });
            }
        }
    }

    @Test
    void podTemplatesNameTheContainersSparkFillsIn() throws IOException {
        Map<String, String> expected = Map.of(
                "driver-pod-template.yaml", "spark-kubernetes-driver",
                "executor-pod-template.yaml", "spark-kubernetes-executor",
                "executor-gpu-pod-template.yaml", "spark-kubernetes-executor");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            JsonNode pod = documents(DeployTree.root().resolve("deploy/k8s").resolve(e.getKey())).get(0);
            assertEquals("Pod", pod.path("kind").asText());
            assertEquals(e.getValue(), pod.path("spec").path("containers").get(0).path("name").asText(), e.getKey());
        }
        JsonNode gpu = documents(DeployTree.root().resolve("deploy/k8s/executor-gpu-pod-template.yaml")).get(0);
        assertEquals(1, gpu.path("spec").path("containers").get(0).path("resources").path("limits")
                .path("nvidia.com/gpu").asInt(), "the GPU template must ask for a GPU");
    }

    @Test
    void cronJobRunsThePipelineThroughSubmitOnASchedule() throws IOException {
        JsonNode cron = documents(DeployTree.root().resolve("deploy/k8s/retrain-cronjob.yaml")).get(0);
        assertEquals("CronJob", cron.path("kind").asText());
        String schedule = cron.path("spec").path("schedule").asText();
        assertEquals(5, schedule.trim().split("\\s+").length, "cron schedule needs 5 fields: " + schedule);
        assertEquals("Forbid", cron.path("spec").path("concurrencyPolicy").asText());
        JsonNode pod = cron.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
        assertEquals("Never", pod.path("restartPolicy").asText());
        JsonNode container = pod.path("containers").get(0);
        assertFalse(container.path("image").asText().isEmpty());
        List<String> command = new ArrayList<>();
        container.path("command").forEach(c -> command.add(c.asText()));
        assertEquals("/opt/mmanet/deploy/submit.sh", command.get(0));
        assertEquals("k8s", command.get(command.indexOf("--cluster") + 1));
        assertEquals("pipeline", command.get(command.indexOf("--") + 1));
        // The config file it names is one the image ships (conf/ is copied to /opt/mmanet/conf).
        String conf = command.get(command.indexOf("--conf") + 1);
        assertTrue(conf.startsWith("/opt/mmanet/conf/"));
        assertTrue(Files.isRegularFile(DeployTree.root().resolve(conf.substring("/opt/mmanet/".length()))), conf);
        // The service account exists in rbac.yaml.
        String account = pod.path("serviceAccountName").asText();
        assertTrue(documents(DeployTree.root().resolve("deploy/k8s/rbac.yaml")).stream()
                .anyMatch(d -> d.path("kind").asText().equals("ServiceAccount")
                        && d.path("metadata").path("name").asText().equals(account)), account);
    }

    @Test
    void plainCronExampleHasFiveTimeFieldsAUserAndSubmitsThePipeline() throws IOException {
        List<String> entries = Files.readAllLines(DeployTree.root().resolve("deploy/cron/mmanet-retrain.cron")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.matches("^[A-Z_]+=.*")).toList();
        assertEquals(1, entries.size(), entries.toString());
        String[] f = entries.get(0).trim().split("\\s+", 7);
        assertEquals(7, f.length, "m h dom mon dow user command: " + entries.get(0));
        assertTrue(f[6].contains("deploy/submit.sh --cluster") && f[6].contains("-- pipeline"), f[6]);
    }

    @Test
    void imagesPutTheJarWhereSubmitTellsKubernetesItIs() throws IOException {
        String submit = Files.readString(DeployTree.root().resolve("deploy/submit.sh"));
        assertTrue(submit.contains("IMAGE_JAR=\"local:///opt/mmanet/mmanet-spark.jar\""));
        for (String dockerfile : List.of("Dockerfile.cpu", "Dockerfile.cuda")) {
            String text = Files.readString(DeployTree.root().resolve("deploy").resolve(dockerfile));
            assertTrue(text.contains("/opt/mmanet/mmanet-spark.jar"), dockerfile);
            assertTrue(text.contains("MMANET_JAR=/opt/mmanet/mmanet-spark.jar"), dockerfile);
            assertTrue(text.contains("/opt/mmanet/deploy/"), dockerfile + " must ship gpu-discovery.sh and submit.sh");
            assertTrue(text.contains("java17"), dockerfile + " must build on a Java 17 Spark image");
        }
        assertTrue(Files.readString(DeployTree.root().resolve("deploy/Dockerfile.cuda"))
                .contains("nvidia/cuda:11.6"), "CUDA 11.6 base, matching nd4j-cuda-11.6");
    }

}
