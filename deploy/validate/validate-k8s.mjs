// Validates every manifest in deploy/k8s against the Kubernetes API schemas (kubernetes-models), then checks the
// rules the schemas cannot express: selectors match pod labels, probes and memory limits everywhere, the worker's
// shared memory and drain time. Exits non-zero with one line per problem.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const k8sDir = join(dirname(fileURLToPath(import.meta.url)), "..", "k8s");
const problems = [];
const resources = [];

async function modelFor(apiVersion, kind) {
  const module = await import(`kubernetes-models/${apiVersion}`);
  if (!module[kind]) throw new Error(`no schema for ${apiVersion} ${kind}`);
  return module[kind];
}

// The validator must be able to fail: a Deployment with a string replica count is rejected.
const Deployment = await modelFor("apps/v1", "Deployment");
let selfCheckRejected = false;
try {
  new Deployment({ metadata: { name: "x" }, spec: { replicas: "two", selector: {}, template: {} } }).validate();
} catch {
  selfCheckRejected = true;
}
if (!selfCheckRejected) problems.push("self-check: the schema validator accepted an invalid Deployment");

const files = readdirSync(k8sDir).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml");
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(join(k8sDir, file), "utf8"))) {
    if (doc.errors.length) {
      problems.push(`${file}: YAML: ${doc.errors[0].message}`);
      continue;
    }
    const resource = doc.toJS();
    if (!resource) continue;
    const where = `${file}: ${resource.kind}/${resource.metadata?.name}`;
    try {
      const Model = await modelFor(resource.apiVersion, resource.kind);
      new Model(resource).validate();
      resources.push({ file, where, resource });
    } catch (e) {
      problems.push(`${where}: ${e.message.split("\n").slice(0, 3).join(" ")}`);
    }
  }
}

const workloads = resources.filter((r) => ["Deployment", "StatefulSet"].includes(r.resource.kind));
for (const { where, resource } of workloads) {
  const spec = resource.spec;
  const labels = spec.template.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(spec.selector.matchLabels ?? {})) {
    if (labels[key] !== value) problems.push(`${where}: selector ${key}=${value} does not match the pod labels`);
  }
  for (const container of spec.template.spec.containers) {
    if (!container.readinessProbe) problems.push(`${where}: container ${container.name} has no readinessProbe`);
    if (!container.livenessProbe) problems.push(`${where}: container ${container.name} has no livenessProbe`);
    if (!container.resources?.limits?.memory) problems.push(`${where}: container ${container.name} has no memory limit`);
    if (!container.resources?.requests?.cpu) problems.push(`${where}: container ${container.name} has no cpu request`);
  }
}

const worker = workloads.find((r) => r.resource.metadata.name === "browser-worker")?.resource;
if (!worker) {
  problems.push("no browser-worker Deployment");
} else {
  const pod = worker.spec.template.spec;
  const shm = pod.volumes?.find((v) => v.emptyDir?.medium === "Memory");
  const mounted = pod.containers[0].volumeMounts?.some((m) => m.mountPath === "/dev/shm" && m.name === shm?.name);
  if (!mounted) problems.push("browser-worker: /dev/shm is not a memory-backed emptyDir");
  if ((pod.terminationGracePeriodSeconds ?? 30) < 60) {
    problems.push("browser-worker: terminationGracePeriodSeconds below 60 leaves too little time to checkpoint");
  }
}

const names = new Set(workloads.map((r) => `${r.resource.kind}/${r.resource.metadata.name}`));
for (const { where, resource } of resources) {
  if (resource.kind === "HorizontalPodAutoscaler") {
    const target = `${resource.spec.scaleTargetRef.kind}/${resource.spec.scaleTargetRef.name}`;
    if (!names.has(target)) problems.push(`${where}: scales ${target}, which does not exist`);
  }
  if (["PodDisruptionBudget", "Service"].includes(resource.kind)) {
    const selector = resource.kind === "Service" ? resource.spec.selector : resource.spec.selector.matchLabels;
    const selected = workloads.some((w) => Object.entries(selector).every(
      ([k, v]) => (w.resource.spec.template.metadata.labels ?? {})[k] === v));
    if (!selected) problems.push(`${where}: selects no pods`);
  }
}

const kustomization = parseAllDocuments(readFileSync(join(k8sDir, "kustomization.yaml"), "utf8"))[0].toJS();
for (const file of files.filter((f) => f !== "infra-dev.yaml")) {
  if (!kustomization.resources.includes(file)) problems.push(`kustomization.yaml does not list ${file}`);
}

if (problems.length) {
  for (const p of problems) console.error(`k8s: ${p}`);
  process.exit(1);
}
console.log(`k8s: ${resources.length} resources in ${files.length} files valid`);
