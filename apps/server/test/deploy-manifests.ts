import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@renum/config';
import { parse, parseAllDocuments } from 'yaml';

// The deployment files under deploy/, read as data for deploy-files.test.ts (no container engine runs
// them on these machines): the Kubernetes manifests listed by the kustomization, the compose file and
// the Dockerfile's instructions.

/** The repository's root folder. */
export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A file of the repository as text. */
export const read = (path: string) => readFileSync(join(root, path), 'utf8');

export type Env = Record<string, string>;

interface Probe {
  httpGet?: { path: string; port: string | number };
}

/** The parts of a Kubernetes container the checks read. */
export interface Container {
  name: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: Env; limits?: Env };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}

/** The parts of a pod template the checks read. */
export interface PodSpec {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean };
}

/** The parts of any Kubernetes manifest the checks read. */
export interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Env;
  spec?: {
    selector?: Env & { matchLabels?: Env };
    template?: { metadata: { labels: Env }; spec: PodSpec };
    ports?: { port: number; targetPort: string | number }[];
    scaleTargetRef?: { kind: string; name: string };
  };
}

export const kubernetesDir = 'deploy/kubernetes';

/** The kustomization's resource list and every document of those files. */
export function readKubernetes() {
  const kustomization = parse(read(`${kubernetesDir}/kustomization.yaml`)) as { resources: string[] };
  const manifests = kustomization.resources.flatMap((file) =>
    parseAllDocuments(read(`${kubernetesDir}/${file}`)).map((document) => ({
      file,
      manifest: document.toJS() as Manifest,
    })),
  );
  const ofKind = (kind: string) => manifests.filter(({ manifest }) => manifest.kind === kind);
  const configMaps = new Map(
    ofKind('ConfigMap').map(({ manifest }) => [manifest.metadata.name, manifest.data ?? {}]),
  );
  const workloads = [...ofKind('Deployment'), ...ofKind('Job')].map(({ file, manifest }) => ({
    file,
    name: manifest.metadata.name,
    manifest,
    pod: manifest.spec?.template?.spec as PodSpec,
  }));
  return { resources: kustomization.resources, ofKind, configMaps, workloads };
}

/**
 * The environment a container starts with: its ConfigMaps' data, then its own `env`; a value taken from
 * a Secret is `secrets[name]` (a placeholder the test supplies).
 */
export function containerEnvironment(container: Container, configMaps: Map<string, Env>, secrets: Env): Env {
  const env: Env = {};
  for (const source of container.envFrom ?? []) {
    const data = source.configMapRef && configMaps.get(source.configMapRef.name);
    if (!data) throw new Error(`${container.name}: envFrom names no ConfigMap of ${kubernetesDir}`);
    Object.assign(env, data);
  }
  for (const variable of container.env ?? []) {
    env[variable.name] = variable.value ?? secrets[variable.name] ?? 'from-a-secret';
  }
  return env;
}

/** The container port a probe or Service names (a number, or the name of one of its ports). */
export function containerPort(container: Container | undefined, port: string | number): number | undefined {
  return typeof port === 'number'
    ? port
    : container?.ports?.find((entry) => entry.name === port)?.containerPort;
}

/**
 * The longest a stopping server process takes, in ms: its configured grace plus the margin in which it
 * interrupts what is left (shutdown.ts), or main.ts's fixed timeout where the grace is not configurable.
 */
export function serverShutdownMs(env: Env): number {
  const grace: unknown = Reflect.get(loadConfig(env), 'shutdownGraceMs');
  const sources = ['apps/server/src/main.ts', 'apps/server/src/shutdown.ts']
    .filter((path) => existsSync(join(root, path)))
    .map(read)
    .join('\n');
  const constant = (name: string) =>
    Number(new RegExp(`${name} = ([\\d_]+)`).exec(sources)?.[1]?.replace(/_/g, '') ?? Number.NaN);
  if (typeof grace === 'number') return grace + (constant('interruptMarginMs') || 0);
  return constant('shutdownTimeoutMs');
}

/** How long a container's preStop hook pauses (`node -e "setTimeout(() => {}, ms)"`), in ms; 0 without one. */
export function preStopMs(container: Container): number {
  const command = container.lifecycle?.preStop?.exec?.command.join(' ') ?? '';
  return Number(/setTimeout\(\(\) => \{\}, (\d+)\)/.exec(command)?.[1] ?? 0);
}

/** A service of deploy/compose.yaml (YAML merge keys resolved). */
export interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Env;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  healthcheck?: unknown;
}

/** deploy/compose.yaml's services. */
export function readCompose(): Record<string, ComposeService> {
  return (parse(read('deploy/compose.yaml'), { merge: true }) as { services: Record<string, ComposeService> })
    .services;
}

/** deploy/Dockerfile's instructions (continuation lines joined, comments dropped), by keyword and stage. */
export function readDockerfile() {
  const lines = read('deploy/Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));
  const instructions = (keyword: string, within: string[] = lines) =>
    within
      .filter((line) => line.startsWith(`${keyword} `))
      .map((line) => line.slice(keyword.length + 1).trim());
  /** The lines of one build stage (`FROM … AS name` up to the next FROM). */
  const stage = (name: string) => {
    const start = lines.findIndex((line) => line.startsWith('FROM ') && line.endsWith(` AS ${name}`));
    const end = lines.findIndex((line, index) => index > start && line.startsWith('FROM '));
    return start === -1 ? [] : lines.slice(start, end === -1 ? undefined : end);
  };
  /** The lines of one stage preceded by those of the stages it is built on (`FROM base AS name`). */
  const stageWithBases = (name: string): string[] => {
    const own = stage(name);
    const base = own[0]?.slice('FROM '.length).split(' ')[0] ?? '';
    return base !== name && stage(base).length > 0 ? [...stageWithBases(base), ...own] : own;
  };
  const env: Env = Object.fromEntries(
    instructions('ENV').flatMap((line) =>
      line.split(/\s+/).map((pair) => pair.split('=') as [string, string]),
    ),
  );
  return { instructions, stage, stageWithBases, env };
}

/** A workspace's package.json (`.` for the root). */
export const packageJson = (path: string) =>
  JSON.parse(read(`${path}/package.json`)) as { name: string; dependencies?: Env; devDependencies?: Env };

/** Every workspace: the folders under apps/ and packages/ with a package.json. */
export const workspaces = ['apps', 'packages'].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => `${group}/${name}`)
    .filter((path) => existsSync(join(root, path, 'package.json'))),
);

/** The server's workspace and the workspaces it needs at run time (production dependencies, transitively). */
export function serverWorkspaces(): string[] {
  const byName = new Map(workspaces.map((path) => [packageJson(path).name, path]));
  const needed = new Set(['apps/server']);
  for (const path of needed) {
    for (const dependency of Object.keys(packageJson(path).dependencies ?? {})) {
      const workspace = byName.get(dependency);
      if (workspace) needed.add(workspace);
    }
  }
  return [...needed].sort();
}
