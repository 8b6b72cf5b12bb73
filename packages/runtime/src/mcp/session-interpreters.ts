// Interpreter tools per MCP session: each client gets its own Python and JavaScript sessions (client B never
// sees client A's variables), stopped when its MCP session ends, and at most `max` clients have live
// interpreters at once (each Python child holds a Pyodide heap).
import { createInterpreterTools, interpreterToolShapes, type InterpreterToolShape, type InterpreterTools } from "../interpreter/create-tools.js";
import type { ToolContext, ToolSpec } from "../registry.js";

export interface SessionInterpreterOptions {
  /** Most sessions with live interpreters at once. Default 4. */
  readonly max?: number;
  /** Makes one session's interpreters. Default `createInterpreterTools()`. */
  readonly open?: () => InterpreterTools;
  /**
   * The tools `open` offers (`interpreterToolShapes(options)` for `open: () => createInterpreterTools(options)`),
   * so none are opened just to list them. Default: those of `createInterpreterTools()` without `open`; with
   * a custom `open`, read from one set it opens and closes at once.
   */
  readonly specs?: readonly InterpreterToolShape[];
}

export interface SessionInterpreters {
  /** The interpreter tools of one new MCP session; `close` stops its interpreters (call it when the session ends). */
  forSession(): { readonly tools: readonly ToolSpec<{ code: string }, string>[]; close(): void };
  /** How many sessions have live interpreters now. */
  readonly live: number;
  /** Stops every session's interpreters. */
  close(): void;
}

interface Lease {
  current: InterpreterTools | undefined;
  running: number;
  lastUsed: number;
  /** Its interpreters were stopped for another session: the next result says the state is gone. */
  evicted: boolean;
  closed: boolean;
}

/**
 * Interpreters are started on a session's first interpreter call. When `max` sessions already have live
 * ones, the newcomer takes the place of the session whose interpreters were used least recently and are
 * not running, and that session's next result says its variables are gone; when all are running, the call
 * fails with a message asking to try again.
 */
export function sessionInterpreters(options: SessionInterpreterOptions = {}): SessionInterpreters {
  const max = options.max ?? 4;
  if (!Number.isInteger(max) || max < 1) throw new Error(`sessionInterpreters: max must be a positive integer, got ${max}`);
  const open = options.open ?? (() => createInterpreterTools());
  const specs: readonly InterpreterToolShape[] = options.specs ?? (options.open === undefined ? interpreterToolShapes() : shapesOf(open));
  const live = new Set<Lease>();
  let clock = 0;

  const stop = (lease: Lease): void => {
    lease.current?.close();
    lease.current = undefined;
    live.delete(lease);
  };
  const acquire = (lease: Lease): InterpreterTools => {
    if (lease.closed) throw new Error("this MCP session has ended");
    if (lease.current !== undefined) return lease.current;
    if (live.size >= max) {
      let victim: Lease | undefined;
      for (const other of live) if (other.running === 0 && (victim === undefined || other.lastUsed < victim.lastUsed)) victim = other;
      if (victim === undefined) {
        throw new Error(`all ${max} interpreter slots of this server are running other clients' code; try again in a few seconds`);
      }
      stop(victim);
      victim.evicted = true;
    }
    lease.current = open();
    live.add(lease);
    return lease.current;
  };

  return {
    forSession() {
      const lease: Lease = { current: undefined, running: 0, lastUsed: 0, evicted: false, closed: false };
      const tools = specs.map((spec) => ({
        ...spec,
        invoke: async (args: { code: string }, context: ToolContext): Promise<string> => {
          const interpreters = acquire(lease);
          const notice = lease.evicted ? evictionNotice(max) : "";
          lease.evicted = false;
          lease.running++;
          try {
            const own = interpreters.tools.find((t) => t.name === spec.name);
            if (own === undefined) throw new Error(`this server's interpreters offer no ${spec.name} tool`);
            return notice + String(await own.invoke(args, context));
          } finally {
            lease.running--;
            lease.lastUsed = ++clock;
          }
        },
      }));
      return {
        tools,
        close() {
          lease.closed = true;
          stop(lease);
        },
      };
    },
    get live() {
      return live.size;
    },
    close() {
      for (const lease of [...live]) stop(lease);
    },
  };
}

/** The tools a custom `open` offers: one set opened and closed at once (nothing was started in it). */
function shapesOf(open: () => InterpreterTools): InterpreterToolShape[] {
  const template = open();
  try {
    return [...template.tools];
  } finally {
    template.close();
  }
}

function evictionNotice(max: number): string {
  return `Note: this client's interpreters were stopped while idle to make room for another client (the server runs at most ${max} at once) and started afresh: every variable, function and import from earlier calls is gone.\n\n`;
}
