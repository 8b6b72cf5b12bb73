export {
  serveMcp, type HttpServeOptions, type McpServerHandle, type ServeOptions, type SessionToolbox, type StdioServeOptions, type ToolboxSource,
} from "./serve.js";
export { generateToken, TOKEN_ENV } from "./http-guard.js";
export { inlineDefs } from "./inline-defs.js";
export { sessionInterpreters, type SessionInterpreterOptions, type SessionInterpreters } from "./session-interpreters.js";
export {
  createMcpServer, describeTool, objectOutputSchema, REFUSED_MARK,
  type McpConfirmRequest, type McpServerOptions, type McpToolResult, type ServableToolbox,
} from "./server.js";
export { runMcpCommand, loadRegistry, MCP_USAGE } from "./cli.js";
