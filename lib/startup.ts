// Server start: validate config and open (and migrate) the database, so a bad
// variable or an unreachable database shows up at start with a clear message
// rather than on the first request.
import { getConfig } from "./config";
import { getDb, startDatabaseMaintenance } from "./db";
import { log } from "./log";
import { warmUpTimeParsing } from "./memory/time";

export async function startServer(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  let config;
  try {
    config = getConfig();
  } catch (e) {
    // Stop with the message naming the variable, rather than serve 500s.
    console.error((e as Error).message);
    process.exit(1);
  }
  if (config.gateway.trustHeader && !config.gateway.secret && config.gateway.trustedProxies.length === 0) {
    log.warn(
      "MCP_GATEWAY_TRUST_HEADER is on without MCP_GATEWAY_SECRET or MCP_GATEWAY_TRUSTED_PROXIES: anyone who can reach /mcp/messages can act as any user. Use it only for a route no one else can reach; otherwise set MCP_GATEWAY_SECRET or the proxy's addresses.",
    );
  }
  if (config.isProduction && !config.publicUrl) {
    log.warn("PUBLIC_URL is not set: the OAuth issuer and the /mcp resource are taken from each request's Host / X-Forwarded-Host. Set PUBLIC_URL to the origin people reach (docs/oauth.md).");
  }
  if (config.oauth.allowLoopbackClientMetadata && config.isProduction) {
    log.warn("OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA is on: client metadata documents may be fetched from this machine's loopback addresses. It is a test setting.");
  }
  // Before the first request, not during it (~150 ms of one-time pattern compilation).
  warmUpTimeParsing();
  try {
    const db = await getDb();
    log.info("database ready", { driver: db.sql.kind, auth: config.authMode });
    startDatabaseMaintenance(db);
  } catch (e) {
    // Keep serving: /api/health reports 503 with the reason and the next request retries.
    log.error("database unavailable at start", { error: e });
  }
}
