// The scripted server is public (`@toolsmith/runtime/testing`) so users can test their own agents offline;
// the tests keep importing it from here.
export * from "../../src/testing/scripted-server.js";
