// POST /mcp — the connector endpoint people paste into claude.ai, ChatGPT, Cursor or
// VS Code: MCP (Streamable HTTP, stateless, JSON) with an OAuth 2.1 access token.
// /mcp/messages (the Claude gateway path) is a separate route and unchanged.
import { connectorMcpMethodNotAllowed, connectorMcpOptions, connectorMcpPost } from "@/lib/mcp/connector-route";

export const dynamic = "force-dynamic";
export const POST = connectorMcpPost;
export const GET = connectorMcpMethodNotAllowed;
export const DELETE = connectorMcpMethodNotAllowed;
export const OPTIONS = connectorMcpOptions;
