import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The auth paths stay apart (the debrief's lesson: add, don't modify). Each
// app/ folder may import only its own path's helpers; lib/lint-zones.test.ts proves
// that crossing a zone fails lint.
const AUTH_MODULES = {
  session: ["**/lib/auth/supa-user", "**/lib/auth/page-session", "**/lib/api/session-route"],
  gateway: ["**/lib/auth/gateway", "**/lib/mcp/gateway-route"],
  agent: ["**/lib/auth/agent-key", "**/lib/api/agent-route", "**/lib/mcp/agent-route"],
  connector: ["**/lib/auth/connector-token", "**/lib/mcp/connector-route"],
};
const zone = (files, own, forbidden, ignores = []) => ({
  files,
  ignores,
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: forbidden.map((path) => ({
          group: AUTH_MODULES[path],
          message: `${files[0]} is the ${own} auth path; it must not use the ${path} path's helpers.`,
        })),
      },
    ],
  },
});

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
  zone(["app/api/v1/**"], "session (dashboard)", ["gateway", "agent", "connector"]),
  zone(["app/mcp/**"], "gateway (Claude)", ["session", "agent", "connector"], ["app/mcp/route.ts"]),
  zone(["app/mcp/route.ts"], "connector (OAuth)", ["session", "gateway", "agent"]),
  zone(["app/agent/**"], "agent (API key)", ["session", "gateway", "connector"]),
  // The OAuth server signs people in with their session (lib/oauth/routes.ts); no other path's helpers.
  zone(["app/oauth/**", "app/.well-known/**"], "OAuth authorization server", ["gateway", "agent", "connector"]),
  {
    // An API key's hash is computed, stored and compared in lib/keys only; everything
    // else reads key rows without it (Prisma `omit`).
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["lib/keys/**", "**/*.test.ts", "lib/testing/**", "bench/**", "scripts/**", "e2e/**"],
    rules: {
      "no-restricted-syntax": ["error", { selector: "Identifier[name='keyHash']", message: "API key hashes never leave lib/keys." }],
    },
  },
];

export default config;
