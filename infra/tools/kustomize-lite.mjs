// A renderer for the subset of kustomize that infra/k8s uses, so that the overlays can be built
// and checked on a machine without kubectl (Debian 12's kubernetes-client is 1.20, whose
// kustomize 2.0 predates `patches`). Supported: resources (files and kustomization folders),
// namespace, images (newName/newTag), and patches with a target (kind, optional name) holding a
// JSON 6902 patch inline. Anything else in a kustomization.yaml is an error, so the subset cannot
// silently drift from what the files use. Where kubectl is installed, tests/infra/check.sh also
// renders with it and requires the same objects.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'patches']);
// Objects that have no namespace (the namespace field leaves them alone).
const CLUSTER_SCOPED = new Set([
  'Namespace', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume',
  'CustomResourceDefinition', 'PriorityClass', 'IngressClass',
]);

export function readYamlDocuments(file) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'));
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
  }
  return docs.map((doc) => doc.toJS()).filter((obj) => obj !== null && obj !== undefined);
}

function unescapePointer(token) {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

// Applies one JSON 6902 operation (add, replace, remove) to obj in place.
function applyOperation(obj, op, where) {
  if (!['add', 'replace', 'remove'].includes(op.op)) {
    throw new Error(`${where}: unsupported patch op '${op.op}'`);
  }
  const tokens = op.path.split('/').slice(1).map(unescapePointer);
  if (tokens.length === 0) throw new Error(`${where}: empty patch path`);
  let parent = obj;
  for (const token of tokens.slice(0, -1)) {
    const next = Array.isArray(parent) ? parent[Number(token)] : parent?.[token];
    if (next === undefined || next === null || typeof next !== 'object') {
      throw new Error(`${where}: path ${op.path} does not exist (at '${token}')`);
    }
    parent = next;
  }
  const last = tokens[tokens.length - 1];
  const value = structuredClone(op.value);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw new Error(`${where}: bad array index in ${op.path}`);
    }
    if (op.op === 'add') parent.splice(index, 0, value);
    else if (index >= parent.length) throw new Error(`${where}: ${op.path} does not exist`);
    else if (op.op === 'replace') parent[index] = value;
    else parent.splice(index, 1);
    return;
  }
  if (op.op !== 'add' && !(last in parent)) {
    throw new Error(`${where}: ${op.op} of ${op.path}, which does not exist`);
  }
  if (op.op === 'remove') delete parent[last];
  else parent[last] = value;
}

function setImages(obj, images) {
  const podSpec = obj.spec?.template?.spec ?? obj.spec?.jobTemplate?.spec?.template?.spec;
  if (!podSpec) return;
  for (const container of [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])]) {
    const [name, tag] = splitImage(container.image);
    const rule = images.find((image) => image.name === name);
    if (!rule) continue;
    container.image = `${rule.newName ?? name}:${rule.newTag ?? tag ?? 'latest'}`;
  }
}

function splitImage(image) {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? [image.slice(0, colon), image.slice(colon + 1)] : [image, undefined];
}

// Renders the kustomization in dir: a list of objects, in resource order.
export function render(dir) {
  const file = path.join(dir, 'kustomization.yaml');
  const [k] = readYamlDocuments(file);
  for (const field of Object.keys(k)) {
    if (!KNOWN_FIELDS.has(field)) throw new Error(`${file}: '${field}' is not supported by kustomize-lite`);
  }
  let objects = [];
  for (const resource of k.resources ?? []) {
    const target = path.resolve(dir, resource);
    if (!fs.existsSync(target)) throw new Error(`${file}: resource ${resource} does not exist`);
    objects.push(...(fs.statSync(target).isDirectory() ? render(target) : readYamlDocuments(target)));
  }
  for (const [i, patch] of (k.patches ?? []).entries()) {
    const where = `${file}: patches[${i}]`;
    if (!patch.target?.kind || typeof patch.patch !== 'string') {
      throw new Error(`${where}: kustomize-lite needs a target with a kind and an inline patch`);
    }
    const ops = YAML.parse(patch.patch);
    if (!Array.isArray(ops)) throw new Error(`${where}: only JSON 6902 patches (a list of ops)`);
    const matches = objects.filter(
      (obj) => obj.kind === patch.target.kind && (!patch.target.name || obj.metadata?.name === patch.target.name),
    );
    if (matches.length === 0) throw new Error(`${where}: the target matches no object`);
    for (const obj of matches) {
      for (const op of ops) applyOperation(obj, op, `${where} on ${obj.kind}/${obj.metadata.name}`);
    }
  }
  if (k.namespace) {
    objects = objects.map((obj) => {
      if (CLUSTER_SCOPED.has(obj.kind)) return obj;
      return { ...obj, metadata: { ...obj.metadata, namespace: k.namespace } };
    });
  }
  if (k.images) for (const obj of objects) setImages(obj, k.images);
  return objects;
}

export function objectId(obj) {
  return `${obj.kind}/${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}`;
}
