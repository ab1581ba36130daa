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
};

export default nextConfig;
