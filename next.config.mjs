/** @type {import('next').NextConfig} */
const nextConfig = {
  // Existing MCP clients POST to /mcp/messages/ and /agent/v1/mcp/messages/ with a
  // trailing slash; they must get an answer, not a 308 redirect.
  skipTrailingSlashRedirect: true,
  // Files read at run time by path, which file tracing cannot see (deployments
  // that copy only traced files, e.g. Vercel, need them listed).
  outputFileTracingIncludes: {
    "/**": ["./prisma/migrations/**/*", "./generated/embeddings/**/*"],
  },
  poweredByHeader: false,
  // Security headers on every answer (the Content-Security-Policy, with a per-request
  // nonce, is set by proxy.ts on pages). API answers carry personal data: never cached.
  async headers() {
    const everywhere = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "X-Frame-Options", value: "DENY" },
    ];
    const noStore = [{ key: "Cache-Control", value: "no-store" }];
    return [
      { source: "/:path*", headers: everywhere },
      { source: "/api/:path*", headers: noStore },
      { source: "/mcp/:path*", headers: noStore },
      { source: "/agent/:path*", headers: noStore },
    ];
  },
};

export default nextConfig;
