export { serveMcp, type HttpServeOptions, type McpServerHandle, type ServeOptions, type StdioServeOptions } from "./serve.js";
export {
  createMcpServer, describeTool, objectOutputSchema, REFUSED_MARK,
  type McpConfirmRequest, type McpServerOptions, type McpToolResult, type ServableToolbox,
} from "./server.js";
export { runMcpCommand, loadRegistry, MCP_USAGE } from "./cli.js";
