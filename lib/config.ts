// The one place that reads process.env. Parsed once, on first use (the server
// calls it at start from instrumentation.ts), so a missing or malformed variable
// stops the app with a message naming it instead of failing on some request.
import path from "node:path";
import { z } from "zod";
import { isAddressOrRange } from "./auth/client-address";

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"], { message: 'expected "true" or "false"' })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "true" || v === "1"));

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

const postgresUrl = optionalString.refine(
  (v) => v === undefined || /^postgres(ql)?:\/\/.+/.test(v),
  "expected a postgres:// or postgresql:// connection URL",
);

const httpUrl = optionalString.refine(
  (v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v),
  "expected an http(s):// URL",
);

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: postgresUrl,
    // A direct (session) connection for what needs a session: the migration lock.
    DIRECT_URL: postgresUrl,
    // Set by Vercel on its builds and functions.
    VERCEL: optionalString,
    DATABASE_POOL_MAX: z.coerce
      .number({ message: "expected a whole number" })
      .int("expected a whole number")
      .min(1, "expected at least 1")
      .max(100, "expected at most 100")
      .default(10),
    JEAN_DATA_DIR: optionalString,
    JEAN_AUTO_MIGRATE: bool(true),
    JEAN_ALLOW_LOCAL_AUTH: bool(false),
    NEXT_PUBLIC_SUPABASE_URL: httpUrl,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: optionalString,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: optionalString,
    SUPABASE_JWT_SECRET: optionalString.refine(
      (v) => v === undefined || v.length >= 32,
      "expected at least 32 characters",
    ),
    MCP_GATEWAY_SECRET: optionalString.refine(
      (v) => v === undefined || v.length >= 16,
      "expected at least 16 characters",
    ),
    MCP_GATEWAY_TRUST_HEADER: bool(false),
    MCP_GATEWAY_TRUSTED_PROXIES: optionalString.refine(
      (v) => v === undefined || v.split(",").every((entry) => isAddressOrRange(entry.trim())),
      "expected IP addresses or CIDR ranges separated by commas (e.g. 10.0.0.5,172.16.0.0/12)",
    ),
    // The origin people reach this server at (https://memory.example.com): the OAuth
    // issuer and the /mcp resource tokens are bound to. Unset: taken from each request.
    PUBLIC_URL: httpUrl.refine((v) => v === undefined || new URL(v).pathname === "/", "expected an origin without a path (https://memory.example.com)"),
    // Tests only: accept Client ID Metadata Documents served on loopback (and over http there).
    OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA: bool(false),
    AGENT_KEY_CACHE_SECONDS: z.coerce.number({ message: "expected whole seconds" }).int("expected whole seconds").min(0).max(300, "expected at most 300").default(30),
    AGENT_RATE_LIMIT_PER_MINUTE: z.coerce.number({ message: "expected a whole number" }).int("expected a whole number").min(1, "expected at least 1").max(100_000, "expected at most 100000").default(120),
    EMBEDDER: z.enum(["local", "openai"], { message: 'expected "local" or "openai"' }).default("local"),
    EMBEDDINGS_BASE_URL: httpUrl,
    EMBEDDINGS_API_KEY: optionalString,
    EMBEDDINGS_MODEL: optionalString,
    EMBEDDINGS_DIM: z.coerce.number({ message: "expected a whole number" }).int("expected a whole number").min(2).max(16000, "pgvector HNSW indexes need at most 16000 dims").optional(),
    LLM_BASE_URL: httpUrl,
    LLM_API_KEY: optionalString,
    LLM_MODEL: optionalString,
    // Deleted memories stay in the trash this long, then `npm run purge` / the cron route removes them.
    TRASH_RETENTION_DAYS: z.coerce.number({ message: "expected whole days" }).int("expected whole days").min(1, "expected at least 1").max(3650).default(30),
    // The bearer secret of the scheduled purge route (Vercel sends it as Authorization: Bearer <CRON_SECRET>).
    CRON_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, "expected at least 16 characters"),
    REMOTE_TIMEOUT_MS: z.coerce.number({ message: "expected milliseconds" }).int().min(100).max(120_000).default(15_000),
    SEARCH_EMBED_BUDGET_MS: z.coerce.number({ message: "expected milliseconds" }).int().min(50).max(120_000).default(1_500),
    MEMORY_DEDUPE_SIMILARITY: z.coerce.number({ message: "expected a number between 0 and 1" }).min(0.5, "expected at least 0.5").max(1, "expected at most 1").default(0.95),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    const hasKey = env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY;
    if (env.NEXT_PUBLIC_SUPABASE_URL && !hasKey) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXT_PUBLIC_SUPABASE_ANON_KEY"],
        message: "required when NEXT_PUBLIC_SUPABASE_URL is set (or set NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY)",
      });
    }
    if (!env.NEXT_PUBLIC_SUPABASE_URL && hasKey) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXT_PUBLIC_SUPABASE_URL"],
        message: "required when a Supabase anon/publishable key is set",
      });
    }
    if (env.EMBEDDER === "openai") {
      for (const name of ["EMBEDDINGS_BASE_URL", "EMBEDDINGS_MODEL", "EMBEDDINGS_DIM"] as const) {
        if (env[name] === undefined) ctx.addIssue({ code: "custom", path: [name], message: "required when EMBEDDER=openai" });
      }
    }
    const llmSet = [env.LLM_BASE_URL, env.LLM_MODEL].filter((v) => v !== undefined).length;
    if (llmSet === 1) {
      const missing = env.LLM_BASE_URL === undefined ? "LLM_BASE_URL" : "LLM_MODEL";
      ctx.addIssue({ code: "custom", path: [missing], message: "LLM_BASE_URL and LLM_MODEL go together (LLM_API_KEY if the server needs one)" });
    }
    if (env.VERCEL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message:
          "required on Vercel (VERCEL is set): a function's filesystem does not keep the embedded database. Set DATABASE_URL to your PostgreSQL (Supabase: the pooled URL, port 6543) and DIRECT_URL to its direct URL (port 5432)",
      });
    }
    if (env.DIRECT_URL && !env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DIRECT_URL"], message: "only used together with DATABASE_URL (set both, or neither for the embedded database)" });
    }
    if (!env.NEXT_PUBLIC_SUPABASE_URL && env.NODE_ENV === "production" && !env.JEAN_ALLOW_LOCAL_AUTH) {
      ctx.addIssue({
        code: "custom",
        path: ["JEAN_ALLOW_LOCAL_AUTH"],
        message:
          "local sign-in (no Supabase configured) is refused under NODE_ENV=production; set NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY, or JEAN_ALLOW_LOCAL_AUTH=true",
      });
    }
  });

export type AuthMode = "supabase" | "local";

export interface Config {
  nodeEnv: "development" | "production" | "test";
  isProduction: boolean;
  databaseUrl: string | undefined;
  /** Where migrations run (their advisory lock needs a session): DIRECT_URL, else DATABASE_URL. */
  migrationUrl: string | undefined;
  databasePoolMax: number;
  dataDir: string;
  autoMigrate: boolean;
  authMode: AuthMode;
  supabase: { url: string; anonKey: string } | undefined;
  supabaseJwtSecret: string | undefined;
  /** trustedProxies: addresses/CIDRs the Claude path accepts requests from (empty: any). */
  gateway: { secret: string | undefined; trustHeader: boolean; trustedProxies: string[] };
  /** The public origin (no trailing slash), if configured. */
  publicUrl: string | undefined;
  /** OAuth for connectors: whether client metadata documents on loopback are fetched (tests). */
  oauth: { allowLoopbackClientMetadata: boolean };
  /** How long a verified agent key is trusted without a database read (0 = off). */
  agentKeyCacheSeconds: number;
  agentRateLimitPerMinute: number;
  embedder:
    | { kind: "local" }
    | { kind: "openai"; baseUrl: string; apiKey: string | undefined; model: string; dim: number };
  llm: { baseUrl: string; apiKey: string | undefined; model: string } | undefined;
  remoteTimeoutMs: number;
  trashRetentionDays: number;
  /** Unset: the scheduled purge route is off. */
  cronSecret: string | undefined;
  /** How long a search waits for a remote embedder before it answers by text alone. */
  searchEmbedBudgetMs: number;
  dedupeSimilarity: number;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      "Invalid configuration:\n" +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join("\n") +
        "\nSee .env.example for every variable and what it expects.",
    );
    this.name = "ConfigError";
  }
}

/** Parses an environment (process.env by default). Exported for tests. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "environment"),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  const anonKey = e.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? e.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY;
  return {
    nodeEnv: e.NODE_ENV,
    isProduction: e.NODE_ENV === "production",
    databaseUrl: e.DATABASE_URL,
    migrationUrl: e.DIRECT_URL ?? e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    dataDir: path.resolve(/*turbopackIgnore: true*/ e.JEAN_DATA_DIR ?? ".data"),
    autoMigrate: e.JEAN_AUTO_MIGRATE,
    authMode: e.NEXT_PUBLIC_SUPABASE_URL ? "supabase" : "local",
    supabase: e.NEXT_PUBLIC_SUPABASE_URL && anonKey ? { url: e.NEXT_PUBLIC_SUPABASE_URL, anonKey } : undefined,
    supabaseJwtSecret: e.SUPABASE_JWT_SECRET,
    gateway: {
      secret: e.MCP_GATEWAY_SECRET,
      trustHeader: e.MCP_GATEWAY_TRUST_HEADER,
      trustedProxies: e.MCP_GATEWAY_TRUSTED_PROXIES?.split(",").map((entry) => entry.trim()) ?? [],
    },
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : undefined,
    oauth: { allowLoopbackClientMetadata: e.OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA },
    agentKeyCacheSeconds: e.AGENT_KEY_CACHE_SECONDS,
    agentRateLimitPerMinute: e.AGENT_RATE_LIMIT_PER_MINUTE,
    embedder:
      e.EMBEDDER === "openai"
        ? { kind: "openai", baseUrl: e.EMBEDDINGS_BASE_URL!, apiKey: e.EMBEDDINGS_API_KEY, model: e.EMBEDDINGS_MODEL!, dim: e.EMBEDDINGS_DIM! }
        : { kind: "local" },
    llm: e.LLM_BASE_URL && e.LLM_MODEL ? { baseUrl: e.LLM_BASE_URL, apiKey: e.LLM_API_KEY, model: e.LLM_MODEL } : undefined,
    remoteTimeoutMs: e.REMOTE_TIMEOUT_MS,
    trashRetentionDays: e.TRASH_RETENTION_DAYS,
    cronSecret: e.CRON_SECRET,
    searchEmbedBudgetMs: Math.min(e.SEARCH_EMBED_BUDGET_MS, e.REMOTE_TIMEOUT_MS),
    dedupeSimilarity: e.MEMORY_DEDUPE_SIMILARITY,
    logLevel: e.LOG_LEVEL,
  };
}

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests change the environment between suites; this forgets the parsed copy. */
export function resetConfigForTests(): void {
  cached = undefined;
}
