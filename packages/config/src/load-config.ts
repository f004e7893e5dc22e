import { z } from 'zod';
import { ConfigError } from './config-error.ts';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = z.coerce.number().int().positive();
const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/**
 * Every environment variable Renum reads, with its default. The README documents each one;
 * keep the two in step.
 */
const environmentSchema = z.object({
  PORT: positiveInt
    .max(65535)
    .or(z.literal('0').transform(() => 0))
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  DATABASE_PREPARED_STATEMENTS: booleanString.optional(),
  RENUM_DATA_DIR: z.string().min(1).default('.renum'),
  RENUM_SEED_DEMO: booleanString.optional(),
  RENUM_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  RENUM_JWT_ISSUER: z.string().min(1).default('renum'),
  RENUM_JWT_AUDIENCE: z.string().min(1).default('renum-api'),
  RENUM_ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(900),
  RENUM_TOOL_TOKEN_TTL_MINUTES: positiveInt.max(24 * 60).default(15),
  RENUM_REFRESH_TOKEN_TTL_SECONDS: positiveInt.default(60 * 60 * 24 * 30),
  RENUM_LOGIN_MAX_PER_EMAIL: positiveInt.default(10),
  RENUM_LOGIN_MAX_PER_IP: positiveInt.default(50),
  RENUM_LOGIN_WINDOW_SECONDS: positiveInt.default(900),
  RENUM_CORS_ORIGINS: commaList.default([]),
  RENUM_WS_FRAMES_PER_WINDOW: positiveInt.default(60),
  RENUM_TRUST_PROXY: z
    .string()
    .min(1)
    .transform((value) =>
      value === 'true'
        ? true
        : value === 'false'
          ? false
          : value
              .split(',')
              .map((item) => item.trim())
              .filter(Boolean),
    )
    .optional(),
  RENUM_BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
  RENUM_PUBLIC_URL: z.url().optional(),
  RENUM_DEFAULT_MODEL: z.string().min(1).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
  RENUM_OPENAI_COMPATIBLE: z
    .string()
    .transform((value, context) => {
      const endpoint = z.object({
        baseURL: z.url(),
        apiKey: z.string().min(1).optional(),
        models: z.array(z.string().min(1)).optional(),
        label: z.string().min(1).optional(),
      });
      try {
        const parsed = z
          .record(z.string().regex(/^[A-Za-z0-9_-]+$/), endpoint)
          .safeParse(JSON.parse(value) as unknown);
        if (parsed.success) return parsed.data;
      } catch (error) {
        context.addIssue({ code: 'custom', message: `is not valid JSON: ${(error as Error).message}` });
        return z.NEVER;
      }
      context.addIssue({
        code: 'custom',
        message:
          'must be a JSON object of name -> { "baseURL", "apiKey"?, "models"?, "label"? }, e.g. {"ollama":{"baseURL":"http://127.0.0.1:11434/v1","models":["llama3.2"]}}',
      });
      return z.NEVER;
    })
    .optional(),
  RENUM_OFFLINE_CHUNK_DELAY_MS: z.coerce.number().int().min(0).max(5000).default(30),
  RENUM_VAULT_KEY_FILE: z.string().min(1).optional(),
  RENUM_VAULT_KEYS: z
    .string()
    .transform((value, context) => {
      try {
        const parsed = JSON.parse(value) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          return parsed as Record<string, string>;
      } catch (error) {
        context.addIssue({ code: 'custom', message: `is not valid JSON: ${(error as Error).message}` });
        return z.NEVER;
      }
      context.addIssue({ code: 'custom', message: 'must be a JSON object of version -> base64 key' });
      return z.NEVER;
    })
    .optional(),
  RENUM_VAULT_KEY_VERSION: z.string().min(1).optional(),
  RENUM_CREDENTIAL_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
  RENUM_EGRESS_ALLOW: commaList.default([]),
  RENUM_TAVILY_URL: z.url().optional(),
  RENUM_SUNA_URL: z.url().optional(),
  RENUM_SUNA_API_KEY: z.string().min(1).optional(),
  RENUM_SUNA_JWT: z.string().min(1).optional(),
  RENUM_SUNA_TOOLS_URL: z.url().optional(),
  RENUM_DOCKER_SOCKET: z.string().min(1).optional(),
  RENUM_DOCKER_API_VERSION: z
    .string()
    .regex(/^v1\.\d+$/)
    .default('v1.43'),
  RENUM_FIRECRAWL_URL: z.url().optional(),
  RENUM_WHATSAPP_URL: z.url().optional(),
  RENUM_RUN_LEASE_MS: positiveInt.default(30_000),
  RENUM_RUNS_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(200),
  RENUM_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  RENUM_HISTORY_TOKEN_BUDGET: positiveInt.default(4000),
  RENUM_DEFAULT_PLAN: z.string().trim().min(1).max(50).default('unlimited'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  RENUM_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or _ . : -')
    .default('renum'),
  RENUM_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  RENUM_JOBS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  RENUM_JOBS_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  RENUM_JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(4),
  RENUM_JOBS_KEEP_COMPLETED_HOURS: z.coerce.number().int().min(1).max(8784).default(168),
  RENUM_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  SENTRY_DSN: z.url({ protocol: /^https?$/ }).optional(),
  SENTRY_ENVIRONMENT: z.string().min(1).max(64).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('renum'),
  RENUM_TRACE_URL: z
    .string()
    .includes('{trace_id}', { message: 'must contain {trace_id}' })
    .refine((template) => URL.canParse(template.replace('{trace_id}', '0')), 'must be a URL')
    .refine((template) => /^https?:\/\//.test(template), 'must be an http(s) URL')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

/** Names of every environment variable {@link loadConfig} reads (deployment files are checked against it). */
export const knownEnvironmentVariables: readonly string[] = Object.keys(environmentSchema.shape);

/** The typed configuration of one Renum process, read once at boot. */
export interface Config {
  /** TCP port of the HTTP server. @defaultValue 3000 */
  port: number;
  /** Interface the HTTP server binds. @defaultValue '127.0.0.1' */
  host: string;
  database:
    | { kind: 'pglite'; dataDir: string }
    | {
        kind: 'postgres';
        url: string;
        poolSize: number;
        /**
         * Whether hot queries may be named prepared statements (planned once per connection). Off
         * behind a transaction-mode pooler (PgBouncer, Supavisor), which hands each transaction any
         * server connection. @defaultValue true
         */
        preparedStatements: boolean;
      };
  /** Directory for the embedded database, generated keys and the process lock. @defaultValue '.renum' */
  dataDir: string;
  /** Whether to seed the demo client on first start. @defaultValue true on the embedded database, false on Postgres */
  seedDemo: boolean;
  auth: {
    /** HS256 signing secret; when absent on the embedded database one is generated in the data directory. */
    jwtSecret: string | undefined;
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    /** Life of the run-scoped tokens external executors call the tool proxy with. @defaultValue 900 (15 minutes) */
    runToolTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    loginMaxPerEmail: number;
    loginMaxPerIp: number;
    loginWindowSeconds: number;
  };
  http: {
    corsOrigins: string[];
    /**
     * Whether to believe X-Forwarded-For for the caller's address (per-IP login limits, audit log):
     * `true`, or the addresses/CIDRs of the trusted proxies. @defaultValue false
     */
    trustProxy?: boolean | string[];
    bodyLimitBytes: number;
    /** Base URL people reach the platform at, used for public links. @defaultValue http://localhost:PORT */
    /** Frames one WebSocket connection may send per 10 s (`RENUM_WS_FRAMES_PER_WINDOW`). @defaultValue 60 */
    wsFramesPerWindow?: number;
    publicUrl: string;
  };
  models: {
    /** Model given to new agents when none is named. @defaultValue gpt-4o-mini with an OpenAI key, else offline/renum */
    defaultModel: string;
    openaiApiKey: string | undefined;
    /** Base URL of the OpenAI API (or a proxy speaking it). @defaultValue https://api.openai.com/v1 */
    openaiBaseUrl: string | undefined;
    anthropicApiKey: string | undefined;
    /** @defaultValue https://api.anthropic.com/v1 */
    anthropicBaseUrl: string | undefined;
    /** OpenAI-compatible endpoints (Ollama, vLLM, LiteLLM, OpenRouter) by name, from `RENUM_OPENAI_COMPATIBLE`. */
    openaiCompatible: Record<
      string,
      {
        baseURL: string;
        apiKey?: string | undefined;
        models?: string[] | undefined;
        label?: string | undefined;
      }
    >;
    /** Pause before each chunk the offline model streams, so a demo answer arrives word by word. @defaultValue 30 */
    offlineChunkDelayMs: number;
  };
  vault: {
    /** Versioned key-encryption keys given directly (base64, 32 bytes each), e.g. from a secret manager. */
    keys: Record<string, string> | undefined;
    /** Version of `keys` new data keys are wrapped with. @defaultValue the highest version */
    keyVersion: string | undefined;
    /** Keyring file used when `keys` is not set; created on first start. @defaultValue <dataDir>/vault-keyring.json */
    keyFile: string;
    /**
     * How long a decrypted credential is kept in memory for tool calls, in ms (0: not at all). Credential
     * writes invalidate it in this process at once; other processes see them when it expires. @defaultValue 10000
     */
    credentialCacheTtlMs: number;
  };
  tools: {
    /** Hosts, host:port or CIDRs outbound tool calls may reach although private (e.g. a local fake). @defaultValue none */
    egressAllow: string[];
    /** Base URLs of the tool services (defaults: their public APIs). */
    tavilyUrl: string | undefined;
    firecrawlUrl: string | undefined;
    whatsappUrl: string | undefined;
  };
  /**
   * An external Suna backend (issue 13): agents whose executor is `suna` run there. Absent: only `builtin`
   * may be chosen.
   */
  suna:
    | {
        /** Base URL of Suna's API, without `/v1`. */
        url: string;
        /** `X-API-Key` of the platform's Suna account (`pk_…:sk_…`). */
        apiKey: string | undefined;
        /** A service JWT (Bearer); Suna reads threads with a JWT only (reconciliation after a lost stream). */
        jwt: string | undefined;
        /** Base URL Suna reaches this platform's MCP endpoint at. @defaultValue `http.publicUrl` */
        toolsUrl: string;
      }
    | undefined;
  /**
   * The Docker Engine API the `docker` instance provider starts Suna containers through (seed 000).
   * Absent socket: only the `static` provider works.
   */
  docker: {
    /** The engine's Unix socket (`RENUM_DOCKER_SOCKET`, e.g. `/var/run/docker.sock`). */
    socketPath: string | undefined;
    /** The API version prefix. @defaultValue 'v1.43' */
    apiVersion: string;
  };
  runs: {
    /** Lease of a running answer; a process that stops renewing it is presumed dead. @defaultValue 30000 */
    leaseMs: number;
    /** Estimated tokens of history in each prompt. @defaultValue 4000 */
    historyTokenBudget: number;
    /**
     * Chat runs one worker process executes at once (the `runs` queue; they mostly wait on the model, so
     * far more than other jobs). @defaultValue 200
     */
    concurrency: number;
  };
  scale: {
    /**
     * Redis for scale-out (job engine, event bus, shared limits and caches); absent: everything stays in
     * the process and the database (the embedded mode). @defaultValue none
     */
    redisUrl: string | undefined;
    /** Prefix of every Redis key and queue this deployment uses. @defaultValue 'renum' */
    redisPrefix: string;
    /**
     * What this process does: `api` serves HTTP and streams, `worker` executes jobs, `all` both.
     * @defaultValue 'all'
     */
    role: 'all' | 'api' | 'worker';
  };
  /** Background jobs (both engines: embedded without Redis, BullMQ with it). */
  jobs: {
    /** How often idle workers look for due jobs; jobs this process enqueues start at once. @defaultValue 500 */
    pollMs: number;
    /**
     * How long a worker holds a job without renewing its lease (it renews every third of it); the jobs of
     * a worker silent that long are run again by another. @defaultValue 30000
     */
    leaseMs: number;
    /** Jobs a worker process runs at once, per queue. @defaultValue 4 */
    concurrency: number;
    /** How long completed jobs are kept before they are deleted (dead ones stay). @defaultValue 168 (7 days) */
    keepCompletedHours: number;
  };
  limits: {
    /** Plan given to new clients (signup, or an admin creating one without a plan). @defaultValue 'unlimited' */
    defaultPlan: string;
  };
  observability: {
    /**
     * Bearer token `GET /metrics` requires (Prometheus text format). Unset: the route does not exist
     * (404). @defaultValue undefined
     */
    metricsToken: string | undefined;
    /**
     * OTLP/HTTP endpoint traces are exported to (`OTEL_EXPORTER_OTLP_ENDPOINT`, e.g.
     * `http://collector:4318`); unset: spans are not exported. @defaultValue undefined
     */
    otlpEndpoint: string | undefined;
    /** `service.name` of the exported spans. @defaultValue 'renum' */
    serviceName: string;
    /**
     * Where a person reads a trace (`RENUM_TRACE_URL`), `{trace_id}` replaced by the run's: the run page
     * links to it (ADR 0069), e.g. Jaeger's `http://jaeger:16686/trace/{trace_id}`. @defaultValue undefined
     */
    traceUrl: string | undefined;
    /**
     * Sentry DSN (`SENTRY_DSN`): unexpected request errors, dead jobs and uncaught exceptions are reported
     * with `@sentry/node`, secrets scrubbed; unset: nothing is sent anywhere. @defaultValue undefined
     */
    sentryDsn: string | undefined;
    /** Sentry's `environment` (`SENTRY_ENVIRONMENT`). @defaultValue NODE_ENV or 'development' */
    sentryEnvironment: string;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  isProduction: boolean;
  /**
   * How long a stopping process waits for in-flight requests, streams and answers before it interrupts
   * the answers still going (each ends `INTERRUPTED`, with an `error` event to its streams), in ms.
   * @defaultValue 10000
   */
  shutdownGraceMs: number;
}

/**
 * Validates the environment and returns the typed configuration. Throws {@link ConfigError}
 * naming the first bad variable. Only this package reads `process.env`.
 */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([key, value]) => key in environmentSchema.shape && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, `is invalid: ${issue?.message ?? 'unknown problem'}`);
  }
  const env = parsed.data;
  if (env.DATABASE_URL && !env.RENUM_JWT_SECRET) {
    throw new ConfigError(
      'RENUM_JWT_SECRET',
      'is required when DATABASE_URL is set (every process of a deployment must share it)',
    );
  }
  const database: Config['database'] = env.DATABASE_URL
    ? {
        kind: 'postgres',
        url: env.DATABASE_URL,
        poolSize: env.DATABASE_POOL_SIZE,
        preparedStatements: env.DATABASE_PREPARED_STATEMENTS ?? true,
      }
    : { kind: 'pglite', dataDir: env.RENUM_DATA_DIR };
  return {
    port: env.PORT,
    host: env.HOST,
    database,
    dataDir: env.RENUM_DATA_DIR,
    seedDemo: env.RENUM_SEED_DEMO ?? database.kind === 'pglite',
    auth: {
      jwtSecret: env.RENUM_JWT_SECRET,
      issuer: env.RENUM_JWT_ISSUER,
      audience: env.RENUM_JWT_AUDIENCE,
      accessTokenTtlSeconds: env.RENUM_ACCESS_TOKEN_TTL_SECONDS,
      runToolTokenTtlSeconds: env.RENUM_TOOL_TOKEN_TTL_MINUTES * 60,
      refreshTokenTtlSeconds: env.RENUM_REFRESH_TOKEN_TTL_SECONDS,
      loginMaxPerEmail: env.RENUM_LOGIN_MAX_PER_EMAIL,
      loginMaxPerIp: env.RENUM_LOGIN_MAX_PER_IP,
      loginWindowSeconds: env.RENUM_LOGIN_WINDOW_SECONDS,
    },
    http: {
      corsOrigins: env.RENUM_CORS_ORIGINS,
      trustProxy: env.RENUM_TRUST_PROXY ?? false,
      bodyLimitBytes: env.RENUM_BODY_LIMIT_BYTES,
      publicUrl: (env.RENUM_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
      wsFramesPerWindow: env.RENUM_WS_FRAMES_PER_WINDOW,
    },
    models: {
      defaultModel:
        env.RENUM_DEFAULT_MODEL ??
        (env.OPENAI_API_KEY
          ? 'openai/gpt-4o-mini'
          : env.ANTHROPIC_API_KEY
            ? 'anthropic/claude-haiku-4-5'
            : 'offline/renum'),
      openaiApiKey: env.OPENAI_API_KEY,
      openaiBaseUrl: env.OPENAI_BASE_URL,
      anthropicApiKey: env.ANTHROPIC_API_KEY,
      anthropicBaseUrl: env.ANTHROPIC_BASE_URL,
      openaiCompatible: env.RENUM_OPENAI_COMPATIBLE ?? {},
      offlineChunkDelayMs: env.RENUM_OFFLINE_CHUNK_DELAY_MS,
    },
    vault: {
      keys: env.RENUM_VAULT_KEYS,
      keyVersion: env.RENUM_VAULT_KEY_VERSION,
      keyFile: env.RENUM_VAULT_KEY_FILE ?? `${env.RENUM_DATA_DIR}/vault-keyring.json`,
      credentialCacheTtlMs: env.RENUM_CREDENTIAL_CACHE_TTL_MS,
    },
    tools: {
      egressAllow: env.RENUM_EGRESS_ALLOW,
      tavilyUrl: env.RENUM_TAVILY_URL,
      firecrawlUrl: env.RENUM_FIRECRAWL_URL,
      whatsappUrl: env.RENUM_WHATSAPP_URL,
    },
    suna: env.RENUM_SUNA_URL
      ? {
          url: env.RENUM_SUNA_URL.replace(/\/$/, ''),
          apiKey: env.RENUM_SUNA_API_KEY,
          jwt: env.RENUM_SUNA_JWT,
          toolsUrl: (
            env.RENUM_SUNA_TOOLS_URL ??
            env.RENUM_PUBLIC_URL ??
            `http://localhost:${env.PORT}`
          ).replace(/\/$/, ''),
        }
      : undefined,
    docker: { socketPath: env.RENUM_DOCKER_SOCKET, apiVersion: env.RENUM_DOCKER_API_VERSION },
    runs: {
      leaseMs: env.RENUM_RUN_LEASE_MS,
      historyTokenBudget: env.RENUM_HISTORY_TOKEN_BUDGET,
      concurrency: env.RENUM_RUNS_CONCURRENCY,
    },
    scale: { redisUrl: env.REDIS_URL, redisPrefix: env.RENUM_REDIS_PREFIX, role: env.RENUM_ROLE },
    jobs: {
      pollMs: env.RENUM_JOBS_POLL_MS,
      leaseMs: env.RENUM_JOBS_LEASE_MS,
      concurrency: env.RENUM_JOBS_CONCURRENCY,
      keepCompletedHours: env.RENUM_JOBS_KEEP_COMPLETED_HOURS,
    },
    limits: { defaultPlan: env.RENUM_DEFAULT_PLAN },
    observability: {
      metricsToken: env.RENUM_METRICS_TOKEN,
      otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/$/, ''),
      serviceName: env.OTEL_SERVICE_NAME,
      traceUrl: env.RENUM_TRACE_URL,
      sentryDsn: env.SENTRY_DSN,
      sentryEnvironment: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV ?? 'development',
    },
    logLevel: env.LOG_LEVEL,
    isProduction: env.NODE_ENV === 'production',
    shutdownGraceMs: env.RENUM_SHUTDOWN_GRACE_MS,
  };
}
