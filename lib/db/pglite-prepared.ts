// PGlite statements as named prepared statements, one call into PGlite per query.
//
// PGlite's own query() sends every statement unnamed: PostgreSQL parses and plans
// it anew each time, and PGlite crosses into its WASM engine six times (Parse,
// Describe, Bind, Describe, Execute, Sync, one call each). Planning was most of our
// statements' cost: measured on search's captured statements at 10k memories
// (2026-12-07), the BM25 leg 4.3 -> 2.0 ms p50 and reading the hits 1.07 -> 0.46 ms;
// `bench:memory -- --sizes 10000`, two A/B pairs: search p50 13.0 / 11.6 -> 7.9 /
// 6.3 ms, add p50 13.2 / 12.6 -> 9.4 / 7.8 ms.
// Named statements are what Prisma's engine and node-postgres do on PostgreSQL:
// after five executions PostgreSQL may keep one generic plan, and only when its
// estimated cost is no worse than the custom plans' (plan_cache_mode auto).
// PGlite has no API for them, so this sends the protocol messages with the
// serializer and parser PGlite exports, and types parameters and rows exactly as
// its query() does. Only for PGlite: on PostgreSQL our pool may sit behind a
// transaction-mode pooler, where named statements break (issue 17).
import "server-only";
import { parse, protocol, type PGlite } from "@electric-sql/pglite";

/** PGlite's lock for whole transactions (its query() takes it too): a statement outside one must wait for any transaction in progress. */
type WithTransactionLock = PGlite & { _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T> };

/** Distinct statement texts kept prepared; the least recently used is closed beyond this. */
const MAX_STATEMENTS = 500;
/** Statements longer than this (bulk inserts with hundreds of rows) run unnamed: each is rarely run twice. */
const MAX_PREPARED_TEXT = 20_000;

interface Prepared {
  name: string;
  paramTypes: number[];
}

const { serialize } = protocol;

/** Several protocol messages as one buffer, for one call into PGlite. */
const concat = (parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);

/** Whether a statement is worth keeping prepared (else the caller runs it unnamed). */
export function worthPreparing(text: string): boolean {
  return text.length <= MAX_PREPARED_TEXT;
}

export type PreparedQuery = <T>(text: string, params: unknown[] | undefined, inTransaction: boolean) => Promise<T[]>;

export function pglitePreparedQuery(pglite: PGlite): PreparedQuery {
  const statements = new Map<string, Prepared>(); // insertion order = least recently used first
  let counter = 0;
  const db = pglite as WithTransactionLock;

  async function close(statement: Prepared): Promise<void> {
    await pglite.execProtocolStream(concat([serialize.close({ type: "S", name: statement.name }), serialize.sync()]));
  }

  async function prepare(text: string): Promise<Prepared> {
    const name = `jean_s${++counter}`;
    // Throws (a syntax error, an unknown column) before anything is kept.
    const described = await pglite.execProtocolStream(concat([serialize.parse({ name, text, types: [] }), serialize.describe({ type: "S", name }), serialize.sync()]));
    const params = described.find((m) => m.name === "parameterDescription") as { dataTypeIDs: number[] } | undefined;
    const prepared = { name, paramTypes: params?.dataTypeIDs ?? [] };
    statements.set(text, prepared);
    if (statements.size > MAX_STATEMENTS) {
      const [oldText, old] = statements.entries().next().value!;
      statements.delete(oldText);
      await close(old);
    }
    return prepared;
  }

  async function execute<T>(text: string, params: unknown[]): Promise<T[]> {
    let prepared = statements.get(text);
    if (prepared) {
      statements.delete(text); // most recently used goes last
      statements.set(text, prepared);
    } else {
      prepared = await prepare(text);
    }
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const serializer = pglite.serializers[prepared.paramTypes[i]!];
      return serializer ? serializer(v) : String(v);
    });
    // One call: Bind, Describe, Execute and Sync. On an error PostgreSQL skips to the
    // Sync, so the connection is ready again when this throws.
    const messages = await pglite.execProtocolStream(concat([serialize.bind({ statement: prepared.name, values }), serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()]));
    return (parse.parseResults(messages, pglite.parsers)[0]?.rows ?? []) as T[];
  }

  async function run<T>(text: string, params: unknown[]): Promise<T[]> {
    try {
      return await execute<T>(text, params);
    } catch (e) {
      // A table's columns changed under a kept plan (a migration while running): prepare it again, once.
      const stale = statements.get(text);
      if ((e as { code?: string }).code !== "0A000" || !stale) throw e;
      statements.delete(text);
      await close(stale);
      return execute<T>(text, params);
    }
  }

  return async <T>(text: string, params: unknown[] | undefined, inTransaction: boolean): Promise<T[]> => {
    const once = () => pglite.runExclusive(() => run<T>(text, params ?? []));
    if (inTransaction) return once(); // the caller's transaction holds the transaction lock
    const rows = await db._runExclusiveTransaction(once);
    await pglite.syncToFs(); // as PGlite's query() does outside a transaction (a no-op on the Node filesystem)
    return rows;
  };
}
