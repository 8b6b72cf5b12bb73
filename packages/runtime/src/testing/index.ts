export * from "./scripted-server.js";
