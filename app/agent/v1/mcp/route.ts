// POST /agent/v1/mcp — MCP for third-party agents (Authorization: Bearer jean_sk_…).
import { agentMcpPost, mcpMethodNotAllowed } from "@/lib/mcp/routes";

export const dynamic = "force-dynamic";
export const POST = agentMcpPost;
export const GET = mcpMethodNotAllowed;
export const DELETE = mcpMethodNotAllowed;
