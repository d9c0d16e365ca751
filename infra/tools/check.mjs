// Offline checks of the deployment artefacts, run by tests/infra/check.sh from the repository
// root: what can be verified without Docker, a cluster or an AWS account.
//   node infra/tools/check.mjs [--kubectl]
// --kubectl: also render the overlays with `kubectl kustomize` and require the same objects as
// kustomize-lite. Prints one line per check; exits 1 if any failed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseHcl } from '@cdktf/hcl2json';
import YAML from 'yaml';
import { objectId, readYamlDocuments, render } from './kustomize-lite.mjs';

const SERVICES = ['auth', 'tasks', 'notifications'];
const OVERLAYS = ['dev', 'prod'];
// Read by libs/core and libs/http in every service (services/auth/README.md lists them; the
// other READMEs say "as every service").
const COMMON_ENV = [
  'HTTP_HOST', 'HTTP_PORT', 'HTTP_THREADS', 'HTTP_IDLE_TIMEOUT', 'HTTP_READ_TIMEOUT',
  'HTTP_DRAIN_TIMEOUT', 'HTTP_STARTUP_WAIT', 'LOG_LEVEL', 'SERVICE_INSTANCE',
];
// The keys of the Secret taskflow-secrets (created by Terraform in prod, by hand in dev).
const SECRET_KEYS = {
  'taskflow-secrets': [
    'AUTH_DATABASE_URL', 'TASKS_DATABASE_URL', 'POSTGRES_ADMIN_URL', 'REDIS_URL', 'AMQP_URL', 'JWT_PRIVATE_KEY',
  ],
  'taskflow-dev-dependencies': ['POSTGRES_PASSWORD', 'RABBITMQ_PASSWORD'],
};

let failures = 0;
let checks = 0;
function check(what, fn) {
  checks += 1;
  try {
    const problems = fn() ?? [];
    if (problems.length === 0) {
      console.log(`ok    ${what}`);
    } else {
      failures += 1;
      console.log(`FAIL  ${what}`);
      for (const problem of problems) console.log(`        ${problem}`);
    }
  } catch (error) {
    failures += 1;
    console.log(`FAIL  ${what}\n        ${error.message}`);
  }
}
async function checkAsync(what, fn) {
  let problems;
  try {
    problems = await fn();
  } catch (error) {
    problems = [error.message];
  }
  check(what, () => problems);
}

const read = (file) => fs.readFileSync(file, 'utf8');

// ------------------------------------------------------------------------- service facts
// Each service's base port (deploy/local/services.sh), the variables its code reads (its own
// sources and libs/, through taskflow::Env) and those its README documents.
function sourcesUnder(dir) {
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => /\.(cpp|hpp)$/.test(f))
    .map((f) => read(path.join(dir, f)))
    .join('\n');
}
function envReadBy(code) {
  return new Set([...code.matchAll(/Env::\w+\(\s*"([A-Z][A-Z0-9_]+)"/g)].map((m) => m[1]));
}
function serviceFacts() {
  const facts = {};
  for (const line of read('deploy/local/services.sh').split('\n')) {
    const m = line.match(/^taskflow_service (\w+) (\d+) (\S+) (\S+)/);
    if (m) facts[m[1]] = { port: Number(m[2]), binary: path.basename(m[4]) };
  }
  const libs = fs.readdirSync('libs').map((lib) => `libs/${lib}/src`).filter((dir) => fs.existsSync(dir));
  const libCode = libs.map(sourcesUnder).join('\n');
  const authReadme = read('services/auth/README.md');
  const common = COMMON_ENV.filter((name) => authReadme.includes(`\`${name}\``));
  for (const name of SERVICES) {
    if (!facts[name]) throw new Error(`deploy/local/services.sh has no service ${name}`);
    const readme = read(`services/${name}/README.md`);
    const config = readme.slice(readme.indexOf('## Configuration'));
    facts[name].documented = new Set([...[...config.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]), ...common]);
    facts[name].env = envReadBy(`${sourcesUnder(`services/${name}/src`)}\n${libCode}`);
  }
  return facts;
}
let facts;
try {
  facts = serviceFacts();
} catch (error) {
  console.log(`FAIL  the services' ports, binaries and settings\n        ${error.message}`);
  process.exit(1);
}

// A variable the service never reads is a mistake (a typo, a setting that does nothing): a
// failure. One it reads but its README does not list is a documentation gap: a note.
const readmeGaps = new Set();
function undocumented(service, names) {
  const problems = [];
  for (const name of names) {
    if (!facts[service].env.has(name)) problems.push(`${service}: ${name} is not read by the service`);
    else if (!facts[service].documented.has(name)) readmeGaps.add(`${name} (services/${service}/README.md)`);
  }
  return problems;
}

// ----------------------------------------------------------------------------- Dockerfiles
function dockerignorePatterns() {
  return read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}
function ignoredByDocker(relPath, patterns) {
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = (negate ? raw.slice(1) : raw).replace(/\/$/, '');
    const re = new RegExp(
      '^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '(.*/)?').replace(/\*/g, '[^/]*') + '(/.*)?$',
    );
    if (re.test(relPath)) ignored = !negate;
  }
  return ignored;
}

// Instructions with their continuation lines joined.
function dockerInstructions(file) {
  const joined = read(file).replace(/\\\n/g, ' ');
  return joined.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ op: l.split(/\s+/)[0].toUpperCase(), args: l.slice(l.split(/\s+/)[0].length).trim() }));
}

// The stages of a Dockerfile: name (or null), the image or stage it starts FROM, its instructions.
function dockerStages(ins) {
  const stages = [];
  for (const i of ins) {
    if (i.op === 'FROM') {
      const m = i.args.match(/^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i);
      stages.push({ name: m[2] ?? null, from: m[1], ins: [i] });
    } else if (stages.length) {
      stages.at(-1).ins.push(i);
    }
  }
  return stages;
}
// What makes the image of a target (the last stage when none is given): the instructions of
// that stage and of the stages it is built FROM, base first, and the base image.
function imageOf(file, target) {
  const stages = dockerStages(dockerInstructions(file));
  let stage = target ? stages.find((s) => s.name === target) : stages.at(-1);
  if (!stage) throw new Error(`${file}: no stage ${target}`);
  const ins = [];
  let base;
  for (; stage; stage = stages.find((s) => s.name === base)) {
    ins.unshift(...stage.ins);
    base = stage.from;
  }
  return { ins, base };
}

function checkDockerfile(file, expect) {
  const problems = [];
  const ins = dockerInstructions(file);
  const patterns = dockerignorePatterns();
  const stages = new Set(dockerStages(ins).map((s) => s.name).filter(Boolean));
  for (const from of ins.filter((i) => i.op === 'FROM').map((i) => i.args)) {
    const image = from.split(/\s+/)[0];
    if (!stages.has(image) && !/bookworm/.test(image)) problems.push(`FROM ${image}: not a Debian 12 (bookworm) image`);
  }
  const image = imageOf(file, expect.target);
  if (image.base !== 'debian:bookworm-slim') {
    problems.push(`the image${expect.target ? ` of ${expect.target}` : ''} is not based on debian:bookworm-slim`);
  }
  for (const copy of ins.filter((i) => i.op === 'COPY')) {
    const parts = copy.args.split(/\s+/);
    const fromStage = parts.find((p) => p.startsWith('--from='));
    const sources = parts.filter((p) => !p.startsWith('--')).slice(0, -1);
    if (fromStage) {
      if (!stages.has(fromStage.slice(7))) problems.push(`COPY ${fromStage}: no such stage`);
      continue;
    }
    for (const source of sources) {
      const rel = source.replace(/\/$/, '');
      if (expect.context === 'frontend-stage') continue;
      if (!fs.existsSync(rel)) problems.push(`COPY ${source}: does not exist`);
      else if (ignoredByDocker(rel, patterns)) problems.push(`COPY ${source}: excluded by .dockerignore`);
    }
  }
  const last = image.ins;
  const user = last.find((i) => i.op === 'USER')?.args ?? '';
  if (!user || /^(root|0)(:|$)/.test(user)) problems.push(`the runtime stage runs as '${user || 'root'}'`);
  const health = last.find((i) => i.op === 'HEALTHCHECK')?.args ?? '';
  if (!/\/health\b/.test(health)) problems.push('no HEALTHCHECK on /health');
  const expose = last.filter((i) => i.op === 'EXPOSE').map((i) => Number(i.args));
  if (!expose.includes(expect.port)) problems.push(`EXPOSE ${expose.join(' ')}: expected ${expect.port}`);
  if (expect.binary) {
    const run = ins.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
    const targets = run.match(/--target((?:\s+[\w-]+)+)/)?.[1].trim().split(/\s+/) ?? [];
    if (!targets.includes(expect.binary)) problems.push(`builds --target ${targets.join(' ')}, not ${expect.binary}`);
    if (!/cmake --preset release\b/.test(run)) problems.push('does not configure with the release preset');
    const cmake = read(`services/${expect.service}/CMakeLists.txt`);
    if (!cmake.includes(`add_executable(${expect.binary} `)) {
      problems.push(`services/${expect.service}/CMakeLists.txt has no executable ${expect.binary}`);
    }
    const built = `/src/build/release/services/${expect.service}/${expect.binary}`;
    if (!last.some((i) => i.op === 'COPY' && i.args.includes(built))) problems.push(`the image does not copy ${built}`);
    const entry = last.find((i) => i.op === 'ENTRYPOINT')?.args ?? '';
    if (!entry.includes(`/${expect.binary}"`)) problems.push(`ENTRYPOINT ${entry} does not run ${expect.binary}`);
    const env = last.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');
    const envNames = [...env.matchAll(/([A-Z][A-Z0-9_]+)=/g)].map((m) => m[1]);
    problems.push(...undocumented(expect.service, envNames));
    if (!new RegExp(`HTTP_PORT=${expect.port}\\b`).test(env)) problems.push(`ENV HTTP_PORT is not ${expect.port}`);
    if (!/HTTP_HOST=0\.0\.0\.0/.test(env)) problems.push('ENV HTTP_HOST is not 0.0.0.0');
    if (fs.existsSync(`services/${expect.service}/migrations`) && !/MIGRATIONS_DIR=/.test(env)) {
      problems.push('has migrations but sets no MIGRATIONS_DIR');
    }
  }
  return problems;
}

// The runtime packages an image installs: the apt-get install lines of its stages.
export function runtimePackages(file, target) {
  return imageOf(file, target).ins.filter((i) => i.op === 'RUN')
    .flatMap((i) => [...i.args.matchAll(/apt-get install -y --no-install-recommends ([^&]+)/g)])
    .flatMap((m) => m[1].trim().split(/\s+/));
}

// The images: the services' from one Dockerfile, one target each.
const SERVICE_DOCKERFILE = 'services/Dockerfile';
const IMAGES = [...SERVICES.map((service) => ({ file: SERVICE_DOCKERFILE, target: service })), { file: 'proxy/Dockerfile' }];
for (const service of SERVICES) {
  check(`${SERVICE_DOCKERFILE} --target ${service}: bookworm stages, COPY sources, builds ${facts[service].binary}, non-root, healthcheck, EXPOSE ${facts[service].port}, ENV`, () =>
    checkDockerfile(SERVICE_DOCKERFILE, { service, target: service, port: facts[service].port, binary: facts[service].binary }));
}
check('proxy/Dockerfile: bookworm stages, COPY sources, non-root, healthcheck, EXPOSE 8000', () =>
  checkDockerfile('proxy/Dockerfile', { port: 8000 }));
check('Dockerfiles: the runtime packages exist in Debian (apt-cache)', () => {
  const problems = [];
  const asked = new Set();
  for (const { file, target } of IMAGES) {
    const packages = runtimePackages(file, target);
    if (packages.length === 0) problems.push(`${file}${target ? ` --target ${target}` : ''}: no apt-get install in the image`);
    for (const pkg of packages.filter((p) => !asked.has(p))) {
      asked.add(pkg);
      try {
        execFileSync('apt-cache', ['show', '--no-all-versions', pkg], { stdio: 'pipe' });
      } catch {
        problems.push(`${file}: no Debian package ${pkg}`);
      }
    }
  }
  return problems;
});
// Where the services were built on this machine: each shared library a binary needs must come
// from a package its image installs (or from their dependencies, or the base image).
check('Dockerfiles: the runtime packages provide every library the built binaries load', () => {
  const problems = [];
  for (const service of SERVICES) {
    const binary = `build/release/services/${service}/${facts[service].binary}`;
    if (!fs.existsSync(binary)) {
      console.log(`        (${binary} not built: skipped)`);
      continue;
    }
    const listed = runtimePackages(SERVICE_DOCKERFILE, service);
    const closure = new Set(['libc6', 'libstdc++6', 'libgcc-s1', ...listed]);
    const depends = execFileSync('apt-cache', ['depends', '--recurse', '--no-recommends', '--no-suggests',
      '--no-conflicts', '--no-breaks', '--no-replaces', '--no-enhances', ...listed], { encoding: 'utf8' });
    for (const m of depends.matchAll(/^\s*(?:\|?Depends|PreDepends): <?([^\s>:]+)/gm)) closure.add(m[1]);
    for (const m of depends.matchAll(/^([a-z0-9][a-z0-9.+-]+)$/gm)) closure.add(m[1]);
    const needed = execFileSync('readelf', ['-d', binary], { encoding: 'utf8' });
    for (const m of needed.matchAll(/\(NEEDED\).*\[(.+)\]/g)) {
      // dpkg knows a library by the path its package installed (/lib or /usr/lib: usrmerge).
      const owner = execFileSync('sh', ['-c', `f=$(ldconfig -p | awk -v l="$1" '$1 == l {print $NF; exit}'); [ -n "$f" ] || exit 0; dpkg -S "$f" "/usr$f" "\${f#/usr}" 2>/dev/null | cut -d: -f1 | head -n1`, 'sh', m[1]], { encoding: 'utf8' }).trim();
      if (!owner) problems.push(`${service}: no package owns ${m[1]}`);
      else if (!closure.has(owner)) problems.push(`${service}: needs ${m[1]} from ${owner}, which the image does not install`);
    }
  }
  return problems;
});

// -------------------------------------------------------------------------------- compose
const compose = YAML.parse(read('compose.yaml'), { merge: true });
check('compose.yaml: services, builds, env vars (READMEs), ports, depends_on, healthchecks, volumes', () => {
  const problems = [];
  const services = compose.services ?? {};
  for (const name of [...SERVICES, 'gateway', 'postgres', 'redis', 'rabbitmq']) {
    if (!services[name]) problems.push(`no service ${name}`);
  }
  for (const [name, svc] of Object.entries(services)) {
    if (svc.build) {
      const dockerfile = path.join(svc.build.context ?? '.', svc.build.dockerfile ?? 'Dockerfile');
      if (!fs.existsSync(dockerfile)) problems.push(`${name}: ${dockerfile} does not exist`);
    }
    for (const [dep, how] of Object.entries(svc.depends_on ?? {})) {
      if (!services[dep]) problems.push(`${name}: depends on unknown service ${dep}`);
      if (how.condition === 'service_healthy' && !services[dep]?.healthcheck && !services[dep]?.build) {
        problems.push(`${name}: waits for ${dep} to be healthy, which has no healthcheck`);
      }
    }
    for (const volume of svc.volumes ?? []) {
      const source = String(volume).split(':')[0];
      if (source.startsWith('.')) {
        if (!fs.existsSync(source)) problems.push(`${name}: mounts ${source}, which does not exist`);
      } else if (!(source in (compose.volumes ?? {}))) {
        problems.push(`${name}: volume ${source} is not declared`);
      }
    }
    if (!svc.build && !svc.healthcheck) problems.push(`${name}: no healthcheck`);
  }
  for (const service of SERVICES) {
    const svc = services[service];
    if (!svc) continue;
    const env = svc.environment ?? {};
    problems.push(...undocumented(service, Object.keys(env)));
    if (Number(env.HTTP_PORT) !== facts[service].port) problems.push(`${service}: HTTP_PORT ${env.HTTP_PORT}, expected ${facts[service].port}`);
    if (svc.ports) problems.push(`${service}: publishes ports (only the gateway should)`);
    if (svc.build?.dockerfile !== SERVICE_DOCKERFILE || svc.build?.target !== service) {
      problems.push(`${service}: built from ${svc.build?.dockerfile} --target ${svc.build?.target}, expected ${SERVICE_DOCKERFILE} --target ${service}`);
    }
    if ((svc.deploy?.replicas ?? 1) < 2) problems.push(`${service}: fewer than 2 replicas`);
    for (const required of ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL', 'AUTH_JWKS_URL']) {
      const readme = read(`services/${service}/README.md`);
      const row = readme.split('\n').find((l) => l.includes(`\`${required}\``) && /\| required \|/.test(l));
      if (row && !(required in env)) problems.push(`${service}: required ${required} is not set`);
    }
    for (const [key, value] of Object.entries(env)) {
      for (const m of String(value).matchAll(/@([a-z]+):(\d+)\//g)) {
        if (!services[m[1]]) problems.push(`${service}: ${key} points at unknown host ${m[1]}`);
      }
      const jwks = String(value).match(/^http:\/\/([a-z]+):(\d+)\//);
      if (jwks && (jwks[1] !== 'auth' || Number(jwks[2]) !== facts.auth.port)) problems.push(`${service}: ${key} ${value}`);
    }
  }
  const gateway = services.gateway ?? {};
  for (const service of SERVICES) {
    const upstream = gateway.environment?.[`TASKFLOW_${service.toUpperCase()}_UPSTREAM`];
    if (upstream !== `${service}:${facts[service].port}`) problems.push(`gateway: TASKFLOW_${service.toUpperCase()}_UPSTREAM is ${upstream}`);
  }
  if (!(gateway.ports ?? []).some((p) => String(p).endsWith(':8000'))) problems.push('gateway: port 8000 not published');
  // Secrets come from .env: every ${VAR} compose interpolates is in .env.example.
  const example = read('.env.example');
  for (const m of read('compose.yaml').matchAll(/\$\{([A-Z_]+)/g)) {
    if (!new RegExp(`^#? ?${m[1]}=`, 'm').test(example)) problems.push(`\${${m[1]}} is not in .env.example`);
  }
  for (const line of example.split('\n')) {
    const m = line.match(/^([A-Z_]*(PASSWORD|KEY|SECRET)[A-Z_]*)=(.+)$/);
    if (m) problems.push(`.env.example holds a value for the secret ${m[1]}`);
  }
  return problems;
});
check('the PostgreSQL init script is the same for compose and the dev overlay', () => {
  const dev = readYamlDocuments('infra/k8s/overlays/dev/dependencies.yaml').find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'postgres-init');
  const inCluster = dev?.data?.['10-taskflow.sql'];
  return inCluster === read('infra/compose/postgres-init.sql') ? [] : ['infra/compose/postgres-init.sql differs from the postgres-init ConfigMap'];
});

// ----------------------------------------------------------------------------- Kubernetes
const modelsCache = new Map();
async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  const modulePath = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  if (!modelsCache.has(modulePath)) modelsCache.set(modulePath, await import(modulePath));
  const Model = modelsCache.get(modulePath)[kind];
  if (!Model) throw new Error(`${apiVersion} ${kind}: unknown kind`);
  return Model;
}

function podSpecOf(obj) {
  return obj.spec?.template?.spec;
}

// Hardening and wiring rules for one rendered overlay.
function checkObjects(objects, overlay) {
  const problems = [];
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const names = (kind) => new Set(byKind(kind).map((o) => o.metadata.name));
  const ids = objects.map(objectId);
  for (const id of ids.filter((id, i) => ids.indexOf(id) !== i)) problems.push(`${id} defined twice`);
  const workloads = objects.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind));
  const podLabels = workloads.map((o) => o.spec.template.metadata?.labels ?? {});
  const matchesAPod = (selector) =>
    podLabels.some((labels) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v));
  for (const w of workloads) {
    const where = `${w.kind}/${w.metadata.name}`;
    const spec = podSpecOf(w);
    const psc = spec.securityContext ?? {};
    if (psc.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
    if (psc.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${where}: seccomp is not RuntimeDefault`);
    if (spec.automountServiceAccountToken !== false) problems.push(`${where}: mounts a service account token`);
    if (w.spec.selector && !Object.entries(w.spec.selector.matchLabels ?? {}).every(([k, v]) => w.spec.template.metadata.labels?.[k] === v)) {
      problems.push(`${where}: the selector does not match the pod labels`);
    }
    const volumes = new Set([...(spec.volumes ?? []).map((v) => v.name), ...(w.spec.volumeClaimTemplates ?? []).map((v) => v.metadata.name)]);
    for (const v of spec.volumes ?? []) {
      if (v.persistentVolumeClaim && !names('PersistentVolumeClaim').has(v.persistentVolumeClaim.claimName)) {
        problems.push(`${where}: claim ${v.persistentVolumeClaim.claimName} does not exist`);
      }
      if (v.configMap && !names('ConfigMap').has(v.configMap.name)) problems.push(`${where}: ConfigMap ${v.configMap.name} does not exist`);
    }
    for (const c of spec.containers) {
      const cwhere = `${where} container ${c.name}`;
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${cwhere}: allowPrivilegeEscalation is not false`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${cwhere}: capabilities not dropped`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) {
        problems.push(`${cwhere}: no CPU/memory requests or memory limit`);
      }
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) problems.push(`${cwhere}: mounts unknown volume ${m.name}`);
      for (const e of c.envFrom ?? []) {
        if (e.configMapRef && !names('ConfigMap').has(e.configMapRef.name)) problems.push(`${cwhere}: ConfigMap ${e.configMapRef.name} does not exist`);
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref && !(SECRET_KEYS[ref.name] ?? []).includes(ref.key)) problems.push(`${cwhere}: secret ${ref.name} key ${ref.key} is not a documented key`);
      }
      const service = SERVICES.includes(w.metadata.name) ? w.metadata.name : null;
      if (service || w.metadata.name === 'gateway') {
        if (sc.readOnlyRootFilesystem !== true) problems.push(`${cwhere}: root filesystem is writable`);
        if (c.livenessProbe?.httpGet?.path !== '/health') problems.push(`${cwhere}: liveness probe is not GET /health`);
        const readyPath = service ? '/ready' : '/health';
        if (c.readinessProbe?.httpGet?.path !== readyPath) problems.push(`${cwhere}: readiness probe is not GET ${readyPath}`);
        if (!byKind('HorizontalPodAutoscaler').some((h) => h.spec.scaleTargetRef.name === w.metadata.name)) problems.push(`${where}: no HorizontalPodAutoscaler`);
        if (!byKind('PodDisruptionBudget').some((p) => p.spec.selector.matchLabels?.['app.kubernetes.io/name'] === w.metadata.name)) problems.push(`${where}: no PodDisruptionBudget`);
      }
      if (service) {
        const port = c.ports?.[0]?.containerPort;
        if (port !== facts[service].port) problems.push(`${cwhere}: port ${port}, expected ${facts[service].port}`);
        const envNames = (c.env ?? []).map((e) => e.name);
        for (const e of c.envFrom ?? []) {
          const cm = byKind('ConfigMap').find((m) => m.metadata.name === e.configMapRef?.name);
          envNames.push(...Object.keys(cm?.data ?? {}));
        }
        problems.push(...undocumented(service, envNames));
        if (service === 'auth' && !envNames.includes('JWT_PRIVATE_KEY')) problems.push(`${cwhere}: no shared JWT_PRIVATE_KEY`);
      }
    }
  }
  for (const s of byKind('Service')) {
    if (!matchesAPod(s.spec.selector)) problems.push(`Service/${s.metadata.name}: selects no pod`);
  }
  for (const p of byKind('PodDisruptionBudget')) {
    if (!matchesAPod(p.spec.selector.matchLabels)) problems.push(`PodDisruptionBudget/${p.metadata.name}: selects no pod`);
  }
  for (const n of byKind('NetworkPolicy')) {
    if (Object.keys(n.spec.podSelector.matchLabels ?? {}).length && !matchesAPod(n.spec.podSelector.matchLabels)) {
      problems.push(`NetworkPolicy/${n.metadata.name}: selects no pod`);
    }
    for (const rule of n.spec.ingress ?? []) {
      for (const from of rule.from ?? []) {
        if (from.podSelector && !matchesAPod(from.podSelector.matchLabels)) problems.push(`NetworkPolicy/${n.metadata.name}: a source selects no pod`);
      }
    }
  }
  for (const h of byKind('HorizontalPodAutoscaler')) {
    if (!names(h.spec.scaleTargetRef.kind).has(h.spec.scaleTargetRef.name)) problems.push(`HorizontalPodAutoscaler/${h.metadata.name}: no target`);
  }
  for (const d of byKind('Deployment')) {
    if ('replicas' in d.spec) problems.push(`Deployment/${d.metadata.name}: sets replicas, which its autoscaler owns`);
  }
  // The gateway's upstreams are the services' names and ports.
  const gw = byKind('Deployment').find((d) => d.metadata.name === 'gateway');
  for (const service of SERVICES) {
    const value = gw?.spec.template.spec.containers[0].env?.find((e) => e.name === `TASKFLOW_${service.toUpperCase()}_UPSTREAM`)?.value;
    const svc = byKind('Service').find((s) => s.metadata.name === service);
    if (value !== `${service}:${svc?.spec.ports[0].port}`) problems.push(`gateway: TASKFLOW_${service.toUpperCase()}_UPSTREAM ${value} is not the Service ${service}`);
  }
  if (!byKind('NetworkPolicy').some((n) => Object.keys(n.spec.podSelector).length === 0 || Object.keys(n.spec.podSelector.matchLabels ?? {}).length === 0)) {
    problems.push('no default-deny NetworkPolicy');
  }
  if (overlay === 'dev') {
    for (const dep of ['postgres', 'redis', 'rabbitmq']) if (!names('StatefulSet').has(dep)) problems.push(`dev: no StatefulSet ${dep}`);
  }
  if (overlay === 'prod') {
    if (byKind('StatefulSet').length) problems.push('prod: runs StatefulSets (the dependencies are managed services)');
    if (byKind('Namespace').length) problems.push('prod: has a Namespace (Terraform creates it)');
  }
  const namespaces = new Set(objects.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace));
  if (namespaces.size !== 1 || !namespaces.has('taskflow')) problems.push(`namespaces: ${[...namespaces].join(', ')}`);
  return problems;
}

const rendered = {};
for (const overlay of OVERLAYS) {
  check(`infra/k8s/overlays/${overlay}: renders (kustomize-lite)`, () => {
    rendered[overlay] = render(`infra/k8s/overlays/${overlay}`);
    return rendered[overlay].length ? [] : ['no objects'];
  });
  if (!rendered[overlay]) continue;
  await checkAsync(`infra/k8s/overlays/${overlay}: ${rendered[overlay].length} objects valid against the Kubernetes schemas (kubernetes-models)`, async () => {
    const problems = [];
    for (const obj of rendered[overlay]) {
      try {
        const Model = await modelFor(obj.apiVersion, obj.kind);
        new Model(obj).validate();
      } catch (error) {
        problems.push(`${objectId(obj)}: ${error.message.split('\n').slice(0, 3).join('; ')}`);
      }
    }
    return problems;
  });
  check(`infra/k8s/overlays/${overlay}: hardening, probes, wiring (selectors, ConfigMaps, Secrets, claims, env vars in READMEs)`, () =>
    checkObjects(rendered[overlay], overlay));
}
if (process.argv.includes('--kubectl')) {
  for (const overlay of OVERLAYS) {
    check(`infra/k8s/overlays/${overlay}: kubectl kustomize renders the same objects`, () => {
      if (!rendered[overlay]) return ['not rendered by kustomize-lite'];
      const out = execFileSync('kubectl', ['kustomize', `infra/k8s/overlays/${overlay}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const theirs = new Map(YAML.parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean).map((o) => [objectId(o), o]));
      const ours = new Map(rendered[overlay].map((o) => [objectId(o), o]));
      const problems = [];
      for (const id of new Set([...theirs.keys(), ...ours.keys()])) {
        if (!theirs.has(id)) problems.push(`${id}: only in kustomize-lite's output`);
        else if (!ours.has(id)) problems.push(`${id}: only in kubectl's output`);
        else if (!isDeepStrictEqual(theirs.get(id), ours.get(id))) problems.push(`${id}: differs`);
      }
      return problems;
    });
  }
}

// ------------------------------------------------------------------------------ Terraform
await checkAsync('infra/terraform: every .tf parses (@cdktf/hcl2json); references are declared; modules pinned', async () => {
  const problems = [];
  const dir = 'infra/terraform';
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.tf'));
  const declared = { var: new Set(), local: new Set(), module: new Set(), data: new Set(), resource: new Set() };
  const sources = {};
  for (const file of files) {
    const text = read(path.join(dir, file));
    sources[file] = text;
    let hcl;
    try {
      hcl = await parseHcl(file, text);
    } catch (error) {
      problems.push(`${file}: ${String(error.message ?? error).split('\n')[0]}`);
      continue;
    }
    for (const name of Object.keys(hcl.variable ?? {})) declared.var.add(name);
    for (const block of hcl.locals ?? []) for (const name of Object.keys(block)) declared.local.add(name);
    for (const [name, [mod]] of Object.entries(hcl.module ?? {})) {
      declared.module.add(name);
      if (!mod.source?.startsWith('.') && !/^\d+\.\d+\.\d+$/.test(mod.version ?? '')) problems.push(`${file}: module ${name} is not pinned to a version`);
    }
    for (const [type, byName] of Object.entries(hcl.data ?? {})) for (const name of Object.keys(byName)) declared.data.add(`${type}.${name}`);
    for (const [type, byName] of Object.entries(hcl.resource ?? {})) for (const name of Object.keys(byName)) declared.resource.add(`${type}.${name}`);
  }
  for (const [file, text] of Object.entries(sources)) {
    const code = text.replace(/#.*$/gm, '');
    for (const m of code.matchAll(/\bvar\.([a-z_][a-z0-9_]*)/g)) if (!declared.var.has(m[1])) problems.push(`${file}: var.${m[1]} is not declared`);
    for (const m of code.matchAll(/\blocal\.([a-z_][a-z0-9_]*)/g)) if (!declared.local.has(m[1])) problems.push(`${file}: local.${m[1]} is not declared`);
    for (const m of code.matchAll(/\bmodule\.([a-z_][a-z0-9_]*)/g)) if (!declared.module.has(m[1])) problems.push(`${file}: module.${m[1]} is not declared`);
    for (const m of code.matchAll(/\bdata\.([a-z0-9_]+\.[a-z_][a-z0-9_]*)/g)) if (!declared.data.has(m[1])) problems.push(`${file}: data.${m[1]} is not declared`);
    for (const m of code.matchAll(/(?<![.\w"])((?:aws|random|kubernetes)_[a-z0-9_]+\.[a-z_][a-z0-9_]*)\b/g)) {
      if (!declared.resource.has(m[1])) problems.push(`${file}: ${m[1]} is not declared`);
    }
  }
  const images = ['auth', 'tasks', 'notifications', 'gateway'];
  if (!images.every((i) => sources['main.tf']?.includes(`"${i}"`))) problems.push('main.tf: not one ECR repository per image');
  return problems;
});

// -------------------------------------------------------------------------------- CI
check('.github/workflows/ci.yml: test runs .ci/run; images and deploy need it; every image is built (in one job) and deployed', () => {
  const problems = [];
  const wf = YAML.parse(read('.github/workflows/ci.yml'));
  const jobs = wf.jobs ?? {};
  if (!(jobs.test?.steps ?? []).some((s) => /\.ci\/run/.test(s.run ?? ''))) problems.push('the test job does not run .ci/run');
  for (const job of ['images', 'deploy']) {
    const needs = [jobs[job]?.needs ?? []].flat();
    if (!needs.includes('test')) problems.push(`${job} does not need test`);
  }
  // One job, so that one builder compiles the services' build stage once for the three.
  const builds = (jobs.images?.steps ?? []).filter((s) => /^docker\/build-push-action@/.test(s.uses ?? ''))
    .map((s) => s.with ?? {});
  for (const image of [...SERVICES, 'gateway']) {
    const build = builds.find((b) => String(b.tags ?? '').includes(`/taskflow/${image}:`));
    if (!build) problems.push(`the images job does not build taskflow/${image}`);
    else if (!fs.existsSync(build.file ?? '')) problems.push(`${image}: ${build.file} does not exist`);
    else if (SERVICES.includes(image) && (build.file !== SERVICE_DOCKERFILE || build.target !== image)) {
      problems.push(`${image}: built from ${build.file} --target ${build.target}, expected ${SERVICE_DOCKERFILE} --target ${image}`);
    }
  }
  const deploy = JSON.stringify(jobs.deploy ?? {});
  for (const image of [...SERVICES, 'gateway']) if (!deploy.includes(image)) problems.push(`deploy does not set the image ${image}`);
  if (!deploy.includes('infra/k8s/overlays/prod')) problems.push('deploy does not apply the prod overlay');
  return problems;
});

await checkAsync('.github/workflows/ci.yml: each job that assumes an AWS role gets the one whose trust policy names its token (infra/terraform/ci.tf)', async () => {
  const problems = [];
  const wf = YAML.parse(read('.github/workflows/ci.yml'));
  const ci = await parseHcl('ci.tf', read('infra/terraform/ci.tf'));
  const outputs = Object.values((await parseHcl('outputs.tf', read('infra/terraform/outputs.tf'))).output ?? {}).map(([o]) => o);
  const subjects = Object.assign({}, ...(ci.locals ?? []).map((block) => block.ci_subjects ?? {}));
  const conditions = ci.data?.aws_iam_policy_document?.ci_assume?.[0]?.statement?.[0]?.condition ?? [];
  const sub = conditions.find((c) => c.variable === 'token.actions.githubusercontent.com:sub');
  if (sub?.test !== 'StringEquals' || JSON.stringify(sub?.values) !== '["${each.value}"]') {
    problems.push('ci_assume does not require exactly the subject of its role (local.ci_subjects)');
  }
  for (const [name, job] of Object.entries(wf.jobs ?? {})) {
    for (const step of job.steps ?? []) {
      const role = String(step.with?.['role-to-assume'] ?? '');
      if (!role) continue;
      const secret = role.match(/secrets\.([A-Z0-9_]+)/)?.[1];
      const key = outputs.find((o) => o.description?.includes(`${secret} secret`))?.value?.match(/aws_iam_role\.ci\["(\w+)"\]/)?.[1];
      if (!key) {
        problems.push(`${name}: no Terraform output gives the role for ${role}`);
        continue;
      }
      // The subject GitHub puts in the job's token: its environment if it has one, else its ref.
      const environment = typeof job.environment === 'string' ? job.environment : job.environment?.name;
      const expected = environment ? `repo:\${var.github_repository}:environment:${environment}` : 'repo:${var.github_repository}:ref:refs/heads/main';
      if (!environment && !/github\.ref == 'refs\/heads\/main'/.test(job.if ?? '')) problems.push(`${name}: assumes a role but does not run on main only`);
      if (subjects[key] !== expected) problems.push(`${name}: its token's subject is ${expected}, but the role "${key}" trusts ${subjects[key]}`);
      if (job.permissions?.['id-token'] !== 'write') problems.push(`${name}: assumes a role without id-token: write`);
    }
  }
  return problems;
});

if (readmeGaps.size) console.log(`note: set here and read by the service, but not in its README: ${[...readmeGaps].join(', ')}`);
console.log(`${checks - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
