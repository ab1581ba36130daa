// POST /mcp/messages — MCP for Claude via supergateway / a trusted proxy (x-user-id).
import { gatewayMcpPost } from "@/lib/mcp/gateway-route";
import { mcpMethodNotAllowed } from "@/lib/mcp/http";

export const dynamic = "force-dynamic";
export const POST = gatewayMcpPost;
export const GET = mcpMethodNotAllowed;
export const DELETE = mcpMethodNotAllowed;
