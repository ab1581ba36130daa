// Prisma CLI config. The app itself never reads this: lib/db builds the client
// with a driver adapter. `datasource.url` matters only for `prisma migrate deploy`
// where a schema engine is available (see README, "Migrations").
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/jean" },
});
