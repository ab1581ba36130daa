// Recognising "the database cannot be reached" (stopped, restarting, network gone,
// pool exhausted) among the errors Prisma, its pg adapter and node-postgres throw,
// so every transport answers it as 503 + Retry-After rather than 500.
import "server-only";

const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// SQLSTATE: admin shutdown, crash shutdown, cannot connect now, connection exceptions, too many connections.
const PG_CODES = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006", "53300"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "DatabaseDoesNotExist", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const MESSAGE = /Connection terminated|Connection ended|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|terminating connection|Can't reach database server|the database system is (starting up|shutting down)|timeout exceeded when trying to connect/i;

/** Whether `e` (or anything it wraps) says the database is unreachable. */
export function isDatabaseUnavailable(e: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [e];
  while (queue.length && seen.size < 20) {
    const x = queue.shift();
    if (!x || typeof x !== "object" || seen.has(x)) continue;
    seen.add(x);
    const o = x as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; name?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (o.name === "PrismaClientInitializationError") return true;
    if (typeof o.code === "string" && (PRISMA_CODES.has(o.code) || PG_CODES.has(o.code) || MESSAGE.test(o.code))) return true;
    if (typeof o.originalCode === "string" && PG_CODES.has(o.originalCode)) return true;
    if (typeof o.kind === "string" && ADAPTER_KINDS.has(o.kind)) return true;
    if (typeof o.message === "string" && MESSAGE.test(o.message)) return true;
    queue.push(o.cause, o.meta?.driverAdapterError);
  }
  return false;
}

export const DATABASE_UNAVAILABLE_MESSAGE = "The memory database cannot be reached right now. Please try again in a few seconds.";
