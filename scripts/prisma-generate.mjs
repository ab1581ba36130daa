// Runs `prisma generate` offline. Prisma 7 generates the client without a schema
// engine, but the CLI still checks that PRISMA_SCHEMA_ENGINE_BINARY names an
// existing file; any file will do, so point it at this script.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
const result = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
