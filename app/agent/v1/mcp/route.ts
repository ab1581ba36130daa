// POST /agent/v1/mcp — MCP for third-party agents (Authorization: Bearer jean_sk_…).
import { agentMcpPost } from "@/lib/mcp/agent-route";
import { mcpMethodNotAllowed } from "@/lib/mcp/http";

export const dynamic = "force-dynamic";
export const POST = agentMcpPost;
export const GET = mcpMethodNotAllowed;
export const DELETE = mcpMethodNotAllowed;
