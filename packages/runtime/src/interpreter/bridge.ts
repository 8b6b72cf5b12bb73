// Code mode's host side: a guest's call of a tool (`sums(6, 3)` in Python, `await tools.sums({...})` in
// JavaScript) arrives here as a tool name and JSON text, goes through `toolbox.call` (validation, defaults,
// date revival, time limit, confirmation per call) and goes back as JSON text. Nothing but JSON crosses.
import { AsyncLocalStorage } from "node:async_hooks";
import type { ConfirmFn, Toolbox, ToolErrorKind, ToolResult } from "../toolbox.js";

// A tool called from code that itself runs code in an interpreter would wait on a session busy with the
// caller (or nest sandboxes without end): such runs are refused.
const bridgeCallScope = new AsyncLocalStorage<true>();

/** Whether the current async context is a tool call made from an interpreter's code. */
export function insideBridgeCall(): boolean {
  return bridgeCallScope.getStore() === true;
}

/** Limits of one run's calls from code. Every one is configurable; these are the defaults. */
export interface BridgeLimits {
  /** Tool calls one run may make. Default 1000. */
  readonly maxCalls: number;
  /**
   * Total time one run may spend waiting on tool calls, in ms (a human's confirmation included: past it, a
   * pending confirmation's `signal` aborts and the call fails in the guest). Default 120000.
   */
  readonly maxCallTimeMs: number;
  /** Characters of one call's arguments (as JSON). Default 100000. */
  readonly maxArgumentChars: number;
  /** Characters of one call's result (as JSON); a bigger result raises in the guest. Default 1000000. */
  readonly maxResultChars: number;
}

export const DEFAULT_BRIDGE_LIMITS: BridgeLimits = {
  maxCalls: 1000,
  maxCallTimeMs: 120_000,
  maxArgumentChars: 100_000,
  maxResultChars: 1_000_000,
};

/** What goes back to the guest for one call (serialised as JSON, one line). */
export type BridgeReply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; /** The toolbox's kinds, plus the bridge's own. */ readonly kind: ToolErrorKind | "limit" | "ended"; readonly error: string };

/**
 * The bridge of one run, as a backend sees it: `call` answers one guest call (never rejects), and the
 * run's time during calls is the bridge's to count (backends pause their own code deadline meanwhile).
 */
export interface HostBridge {
  /** Python source of the guest's `tools` module (stubs that forward to the host). */
  readonly pythonModule: string;
  /** JavaScript source defining the guest's `tools` object over `__toolsmith_call(name, json)`. */
  readonly javascriptPrelude: string;
  /** One guest call: `argsJson` is untrusted text. Resolves to the JSON text of a {@link BridgeReply}. */
  call(name: string, argsJson: string): Promise<string>;
}

/**
 * One guest call as a backend received it (untrusted name and arguments) answered: through `bridge` when
 * the run has one and the call is well-formed, else with an error the guest can read. Never rejects.
 */
export function answerGuestCall(bridge: HostBridge | undefined, name: unknown, args: unknown): Promise<string> {
  if (!bridge) return Promise.resolve(JSON.stringify({ ok: false, kind: "unknown_tool", error: "no tools can be called from this run" }));
  if (typeof name !== "string" || typeof args !== "string") {
    return Promise.resolve(JSON.stringify({ ok: false, kind: "invalid_json", error: "a tool call needs a name and JSON arguments" }));
  }
  return bridge.call(name, args);
}

/** Callbacks a run's bridge reports to (the example shows each call). */
export interface BridgeObserver {
  onCall?(name: string, args: unknown, result: ToolResult, reply: BridgeReply): void;
}

function reply(value: BridgeReply, maxChars: number): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? Number(v) : v));
  } catch (error) {
    return JSON.stringify({ ok: false, kind: "threw", error: `the result could not be sent as JSON: ${(error as Error).message}` });
  }
  if (text === undefined) text = JSON.stringify({ ok: true, value: null });
  if (text.length > maxChars + 64) {
    return JSON.stringify({
      ok: false,
      kind: "limit",
      error: `the result is ${text.length} characters as JSON, over the ${maxChars}-character limit of a result passed to code`,
    });
  }
  return text;
}

/**
 * One run's bridge: counts calls and the time spent in them, and cancels what is pending when the run
 * ends (`end`), so a tool's `signal` aborts at the run's deadline. A call after the end fails.
 */
export class RunBridge implements HostBridge {
  private calls = 0;
  private callTimeMs = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private ended = false;
  private readonly controller = new AbortController();
  private readonly runSignal: AbortSignal | undefined;
  private readonly onRunAbort = (): void => this.end("the code's run was cancelled");

  constructor(
    private readonly toolbox: Toolbox,
    private readonly limits: BridgeLimits,
    readonly pythonModule: string,
    readonly javascriptPrelude: string,
    private readonly observer: BridgeObserver = {},
    /** Decides on `@confirm` tools called from code (default: the toolbox's own callback). */
    private readonly confirm?: ConfirmFn,
    /** The run's own cancellation (the interpreter call's signal): when it aborts, the run is over (`end`). */
    signal?: AbortSignal,
  ) {
    this.runSignal = signal;
    if (signal?.aborted) this.end("the code's run was cancelled");
    else signal?.addEventListener("abort", this.onRunAbort, { once: true });
  }

  get callCount(): number {
    return this.calls;
  }

  /** The run is over: pending calls are cancelled (their tools' signals abort) and later calls fail. */
  end(reason = "the code's run ended"): void {
    if (this.ended) return;
    this.ended = true;
    this.runSignal?.removeEventListener("abort", this.onRunAbort);
    this.controller.abort(new Error(reason));
  }

  /** Calls from one run go one at a time, in order (JavaScript code may start several at once). */
  call(name: string, argsJson: string): Promise<string> {
    const answer = this.queue.then(() => this.callSafely(name, argsJson));
    this.queue = answer;
    return answer;
  }

  private async callSafely(name: string, argsJson: string): Promise<string> {
    try {
      return await this.callTool(name, argsJson);
    } catch (error) {
      // never a rejection towards a backend: the guest gets an error it can read
      return JSON.stringify({ ok: false, kind: "threw", error: `${name} failed: ${(error as Error).message}` });
    }
  }

  private async callTool(name: string, argsJson: string): Promise<string> {
    const { limits } = this;
    const fail = (kind: Extract<BridgeReply, { ok: false }>["kind"], error: string) => reply({ ok: false, kind, error }, limits.maxResultChars);
    if (this.ended) return fail("ended", `${name} was not called: the code's run has ended`);
    if (typeof name !== "string" || name.length > 200) return fail("unknown_tool", "not a tool name");
    if (typeof argsJson !== "string" || argsJson.length > limits.maxArgumentChars) {
      return fail("limit", `the arguments of ${name} are over the ${limits.maxArgumentChars}-character limit of a call from code`);
    }
    if (this.calls >= limits.maxCalls) return fail("limit", `${name} was not called: this run already made ${limits.maxCalls} tool calls, the limit per run`);
    const remaining = limits.maxCallTimeMs - this.callTimeMs;
    if (remaining <= 0) return fail("limit", `${name} was not called: this run's tool calls took ${limits.maxCallTimeMs} ms, the limit per run`);
    this.calls += 1;
    const started = performance.now();
    // The run's remaining call time bounds this call too: past it, its signal aborts.
    const call = new AbortController();
    let overBudget = false;
    const budget = setTimeout(() => {
      overBudget = true;
      call.abort(new Error("the run's time for tool calls is used up"));
    }, Math.ceil(remaining));
    const onEnd = () => call.abort(this.controller.signal.reason);
    this.controller.signal.addEventListener("abort", onEnd, { once: true });
    const signal = call.signal;
    try {
      const result = await bridgeCallScope.run(true, () => this.toolbox.call({ name, arguments: argsJson }, { signal, ...(this.confirm ? { confirm: this.confirm } : {}) }));
      const answer: BridgeReply = result.ok
        ? { ok: true, value: result.value === undefined ? null : result.value }
        : overBudget
          ? { ok: false, kind: "limit", error: `${name} was cancelled: this run's tool calls reached their ${limits.maxCallTimeMs} ms limit` }
          : result.error.kind === "refused"
            ? { ok: false, kind: "refused", error: `${result.content} (${result.error.message})` }
            : { ok: false, kind: result.error.kind, error: result.content };
      try {
        this.observer.onCall?.(name, result.arguments, result, answer);
      } catch {
        // an observer's failure must not turn a call that ran into an error in the guest
      }
      return reply(answer, limits.maxResultChars);
    } finally {
      clearTimeout(budget);
      this.controller.signal.removeEventListener("abort", onEnd);
      this.callTimeMs += performance.now() - started;
    }
  }
}
