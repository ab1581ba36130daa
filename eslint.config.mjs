import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/generated/**", "generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"],
  },
  {
    // Only lib/config.ts reads process.env (plus the two files that run before it can).
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["lib/config.ts", "instrumentation.ts", "lib/startup.ts", "lib/testing/**", "**/*.test.ts", "e2e/**", "playwright.config.ts", "prisma.config.ts", "bench/**", "scripts/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/config.ts" }],
    },
  },
];

export default config;
