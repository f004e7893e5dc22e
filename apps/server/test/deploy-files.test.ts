import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { knownEnvironmentVariables, loadConfig } from '@renum/config';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Container,
  containerEnvironment,
  containerPort,
  type Env,
  kubernetesDir,
  packageJson,
  preStopMs,
  read,
  readCompose,
  readDockerfile,
  readKubernetes,
  root,
  serverShutdownMs,
  serverWorkspaces,
  workspaces,
} from './deploy-manifests.ts';
import { createTestApp, type TestApp } from './test-app.ts';

// No container engine runs on the machines this suite runs on: the files under deploy/ are checked
// against the code here instead (variables packages/config knows, ports, probe paths the server serves).

/** Values of the variables manifests take from a Secret, so loadConfig can check everything else. */
const secrets: Env = {
  DATABASE_URL: 'postgres://renum@postgres:5432/renum',
  REDIS_URL: 'redis://redis:6379',
  RENUM_JWT_SECRET: 'x'.repeat(32),
  RENUM_VAULT_KEYS: `{"1":"${Buffer.alloc(32).toString('base64')}"}`,
};

const kubernetes = readKubernetes();
const compose = readCompose();
const renumServices = Object.entries(compose).filter(([, service]) => service.image === 'renum:local');
const dockerfile = readDockerfile();
const exposed = Number(dockerfile.instructions('EXPOSE')[0]);
const healthcheck = dockerfile.instructions('HEALTHCHECK')[0] ?? '';
const configOf = (container: Container | undefined) =>
  loadConfig(container ? containerEnvironment(container, kubernetes.configMaps, secrets) : {});
const deployment = (name: string) => kubernetes.workloads.find((workload) => workload.name === name);
const migrateCommand = ['node', 'apps/server/src/cli.ts', 'migrate'];

describe('deployment files', () => {
  it('set only environment variables packages/config reads', () => {
    const set = [
      ...[...kubernetes.configMaps].flatMap(([name, data]) =>
        Object.keys(data).map((key) => `ConfigMap ${name}: ${key}`),
      ),
      ...kubernetes.workloads.flatMap(({ file, pod }) =>
        pod.containers.flatMap((c) => (c.env ?? []).map((variable) => `${file} ${c.name}: ${variable.name}`)),
      ),
      ...renumServices.flatMap(([name, service]) =>
        Object.keys(service.environment ?? {}).map((key) => `compose ${name}: ${key}`),
      ),
      ...Object.keys(dockerfile.env).map((key) => `Dockerfile: ${key}`),
    ];
    expect(set.length).toBeGreaterThan(20);
    const known = new Set(knownEnvironmentVariables);
    expect(set.filter((entry) => !known.has(entry.split(': ')[1] ?? ''))).toEqual([]);
  });

  it('Kubernetes: valid configurations, roles, and one PORT for ports, probes and the Service', () => {
    for (const { file, pod } of kubernetes.workloads) {
      for (const container of pod.containers) {
        const { port } = configOf(container);
        const probes = [container.startupProbe, container.livenessProbe, container.readinessProbe];
        for (const probe of probes) {
          if (probe?.httpGet)
            expect(containerPort(container, probe.httpGet.port), `${file} probe`).toBe(port);
        }
        if (container.ports) expect(containerPort(container, 'http'), file).toBe(port);
      }
    }
    const api = deployment('renum-api')?.pod.containers[0];
    const worker = deployment('renum-worker')?.pod.containers[0];
    expect([configOf(api).scale.role, configOf(worker).scale.role]).toEqual(['api', 'worker']);
    const [service] = kubernetes.ofKind('Service');
    const selector = service?.manifest.spec?.selector ?? {};
    const selects = (name: string) =>
      Object.entries(selector).every(
        ([key, value]) => deployment(name)?.manifest.spec?.template?.metadata.labels[key] === value,
      );
    expect([selects('renum-api'), selects('renum-worker')]).toEqual([true, false]);
    expect(service?.manifest.spec?.ports?.length).toBeGreaterThan(0);
    for (const port of service?.manifest.spec?.ports ?? []) {
      expect(containerPort(api, port.targetPort)).toBe(configOf(api).port);
    }
  });

  it('Kubernetes: startup and liveness probes ask /health, readiness /ready, on api and worker', () => {
    for (const { file, manifest, pod } of kubernetes.workloads) {
      if (manifest.kind !== 'Deployment') continue;
      expect(pod.containers).toHaveLength(1);
      const [container] = pod.containers;
      expect(container?.startupProbe?.httpGet?.path, file).toBe('/health');
      expect(container?.livenessProbe?.httpGet?.path, file).toBe('/health');
      expect(container?.readinessProbe?.httpGet?.path, file).toBe('/ready');
    }
  });

  it('Kubernetes: non-root, read-only root filesystem, resources, a grace above the server shutdown', () => {
    for (const { file, manifest, pod } of kubernetes.workloads) {
      expect(pod.securityContext?.runAsNonRoot, file).toBe(true);
      for (const container of pod.containers) {
        expect(container.securityContext, file).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        });
        expect(Object.keys(container.resources?.requests ?? {}).sort(), file).toEqual(['cpu', 'memory']);
        expect(Object.keys(container.resources?.limits ?? {}).sort(), file).toEqual(['cpu', 'memory']);
      }
      if (manifest.kind !== 'Deployment') continue;
      // Kubernetes kills the process once the grace (preStop pause included) is over.
      const [container] = pod.containers;
      const env = container ? containerEnvironment(container, kubernetes.configMaps, secrets) : {};
      const needed = serverShutdownMs(env) + (container ? preStopMs(container) : 0);
      expect(needed, file).toBeGreaterThan(0);
      expect((pod.terminationGracePeriodSeconds ?? 30) * 1000, file).toBeGreaterThan(needed);
    }
  });

  it('Kubernetes: both Deployments autoscaled and disruption-budgeted; the kustomization lists every file', () => {
    const names = kubernetes.ofKind('Deployment').map(({ manifest }) => manifest.metadata.name);
    expect(names.sort()).toEqual(['renum-api', 'renum-worker']);
    const scaled = kubernetes.ofKind('HorizontalPodAutoscaler').map(({ manifest }) => manifest.spec);
    expect(scaled.map((spec) => spec?.scaleTargetRef?.name).sort()).toEqual(names);
    const budgets = kubernetes.ofKind('PodDisruptionBudget').map(({ manifest }) => manifest.spec?.selector);
    for (const name of names) {
      expect(budgets).toContainEqual({ matchLabels: deployment(name)?.manifest.spec?.selector?.matchLabels });
    }
    const files = readdirSync(join(root, kubernetesDir)).filter((file) => file !== 'kustomization.yaml');
    expect([...kubernetes.resources].sort()).toEqual(files.sort());
    expect(deployment('renum-migrate')?.pod.containers[0]?.command).toEqual(migrateCommand);
  });

  it('compose: api and worker twice each, after a healthy database and the migration, behind nginx', () => {
    for (const [name, service] of renumServices) {
      const config = loadConfig(service.environment ?? {});
      expect(config.port, name).toBe(exposed);
      // The committed secrets are placeholders and say so; the vault key still decodes to 32 bytes.
      for (const key of ['DATABASE_URL', 'RENUM_JWT_SECRET'])
        expect(service.environment?.[key]).toContain('FAKE');
      for (const key of Object.values(config.vault.keys ?? {})) {
        expect(Buffer.from(key, 'base64').toString()).toMatch(/^FAKE-.{27}$/);
      }
      if (name === 'migrate') continue;
      expect([config.scale.role, service.deploy?.replicas], name).toEqual([name, 2]);
      expect(service.depends_on, name).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    expect(renumServices.map(([name]) => name).sort()).toEqual(['api', 'migrate', 'worker']);
    expect(compose.migrate?.command).toEqual(migrateCommand);
    expect(compose.postgres?.image).toMatch(/^pgvector\/pgvector:/);
    expect(compose.postgres?.healthcheck && compose.redis?.healthcheck).toBeTruthy();
    const apiPort = loadConfig(compose.api?.environment ?? {}).port;
    expect(read('deploy/nginx.conf')).toContain(`server api:${apiPort};`);
  });

  it('Dockerfile: the pinned Node, every workspace installed, non-root, EXPOSE = PORT = health check port', () => {
    const pinned = packageJson('.').devDependencies?.node;
    expect(dockerfile.instructions('ARG')).toContain(`NODE_VERSION=${pinned}`);
    const stages = dockerfile.instructions('FROM').map((line) => line.split(' AS ')[1]);
    for (const line of dockerfile.instructions('FROM')) {
      const base = line.split(' ')[0] ?? '';
      if (!stages.includes(base)) expect(base).toMatch(/^node:\$\{NODE_VERSION\}-bookworm-slim$/);
    }
    // What a stage holds: its own copies and those of the stages it is built on.
    const copies = (stage: string) =>
      dockerfile.instructions('COPY', dockerfile.stageWithBases(stage)).join('\n');
    for (const path of workspaces) expect(copies('manifests')).toContain(`${path}/package.json ${path}/`);
    for (const path of serverWorkspaces()) {
      expect(copies('prod-deps')).toContain(`${path}/package.json ${path}/`);
      expect(copies('runtime')).toContain(`${path}/ ./${path}/`);
    }
    // The production install sees no other workspace, or npm would keep their dependencies.
    for (const path of workspaces.filter((path) => !serverWorkspaces().includes(path)))
      expect(copies('prod-deps')).not.toContain(`${path}/package.json`);
    const config = loadConfig(dockerfile.env);
    expect([config.port, config.host]).toEqual([exposed, '0.0.0.0']);
    expect(healthcheck).toContain(`|| ${exposed}) + '/health'`);
    expect(dockerfile.instructions('USER')).toEqual(['node']);
    const command = JSON.parse(dockerfile.instructions('CMD')[0] ?? '[]') as string[];
    expect(command).toEqual(['node', 'apps/server/src/main.ts']);
    expect(existsSync(join(root, command[1] ?? ''))).toBe(true);
    expect(existsSync(join(root, migrateCommand[1] ?? ''))).toBe(true);
  });
});

describe('the paths that probes and the image health check ask', () => {
  let t: TestApp;
  beforeAll(async () => {
    const pglite = testDatabaseTargets().find((target) => target.name === 'pglite');
    if (!pglite) throw new Error('no PGlite test target');
    t = await createTestApp(pglite);
  });
  afterAll(async () => t?.close());

  it('are served: 200 on each', async () => {
    const probes = kubernetes.workloads.flatMap(({ pod }) =>
      pod.containers.flatMap((c) => [c.startupProbe, c.livenessProbe, c.readinessProbe]),
    );
    const healthcheckPath = /'(\/[a-z]+)'\)/.exec(healthcheck)?.[1] ?? 'no path';
    const paths = [...new Set([...probes.flatMap((probe) => probe?.httpGet?.path ?? []), healthcheckPath])];
    const answers: Record<string, number> = {};
    for (const url of paths) answers[url] = (await t.request({ method: 'GET', url })).statusCode;
    expect(answers).toEqual(Object.fromEntries(paths.map((url) => [url, 200])));
    expect(Object.keys(answers).sort()).toEqual(['/health', '/ready']);
  });
});
