// POST /agent/v1/mcp/messages — same as /agent/v1/mcp (the path older agent docs use).
import { agentMcpPost, mcpMethodNotAllowed } from "@/lib/mcp/routes";

export const dynamic = "force-dynamic";
export const POST = agentMcpPost;
export const GET = mcpMethodNotAllowed;
export const DELETE = mcpMethodNotAllowed;
