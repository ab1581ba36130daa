// POST /agent/v1/mcp/messages — same as /agent/v1/mcp (the path older agent docs use).
import { agentMcpPost } from "@/lib/mcp/agent-route";
import { mcpMethodNotAllowed } from "@/lib/mcp/http";

export const dynamic = "force-dynamic";
export const POST = agentMcpPost;
export const GET = mcpMethodNotAllowed;
export const DELETE = mcpMethodNotAllowed;
