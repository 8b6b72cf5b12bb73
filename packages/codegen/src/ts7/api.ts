/**
 * The ONE module that touches TypeScript 7's unstable API (`typescript7` = `typescript@7.0.2`,
 * `typescript/unstable/sync` + `unstable/ast`): a TypeScript 7.1 rename is a change here only.
 *
 * It presents the native compiler through the slice of TypeScript 6's compiler API the reader uses
 * (`ts.isX` guards, flag enums, `Type` / `Symbol` / `TypeChecker` / `Program`), so the TS 7 reader is
 * the same reader code (src/reader, handed this module's `ts`) producing the same IR. Differences
 * the facade bridges: symbols' declarations are node handles (resolved here to nodes), types' related
 * objects are fetched by method (`getTypes()`, `getAliasSymbol()`), index infos name `valueType`, and
 * there is no `getAwaitedType` (unwrapped here through Promise's type argument).
 *
 * The facade is typed with TypeScript 6's declarations (type-only: ts-morph is never loaded at run
 * time on this path); the values behind them are TypeScript 7's, whose enum numbers differ - every
 * enum the reader compares against comes from here too, so they agree.
 */
import type { ts as ts6 } from "ts-morph";
import { readSync } from "node:fs";
import * as ast from "typescript7/unstable/ast";
import * as sync from "typescript7/unstable/sync";
import type { FileSystem } from "typescript7/unstable/fs";
import { EngineFailure, NonFiniteNumber, unlessNonFinite } from "../engine-failure.js";
import { ts7Executable } from "./executable.js";
// Code point order (a lone surrogate as its own code point) is how UTF-8 / WTF-8 bytes sort.
import { compareCodePoints } from "../emit/schema/key-order.js";

type AnyFn = (...args: never[]) => unknown;
type NativeType = sync.Type;
type NativeSymbol = sync.Symbol;

const cast = <T>(value: unknown): T => value as T;

// ---- questions sent back to back ----

/** The API client's request methods and its channel's message framing (internals of TypeScript 7.0's sync client). */
interface ClientInternals {
  apiRequest(method: string, params: unknown): unknown;
  apiRequestBinary(method: string, params: unknown): Uint8Array | undefined;
  channel?: ChannelInternals;
}
interface ChannelInternals {
  writeTuple?(type: number, name: Buffer, payload: string | Uint8Array): void;
  readTuple?(): void;
  getMethodBuf?(method: string): Buffer;
  writeAllBuf?(data: Buffer, length?: number): void;
  _msgType: number;
  _msgName: Buffer;
  _msgPayload: Buffer;
}
/** The sync channel's message types (TypeScript 7.0's syncChannel.js). */
const MSG_REQUEST = 1;
const MSG_RESPONSE = 4;
const MSG_ERROR = 5;
/**
 * Requests written before the first answer is read, at most: below any pipe or socket buffer, so writing
 * them never waits on the native process, which may itself be waiting for us to read its answers.
 */
const BATCH_BYTES = 64 * 1024;

interface Captured {
  readonly method: string;
  readonly params: unknown;
  readonly binary: boolean;
  /** The request's parameters as sent (JSON): with the method, what identifies a kept answer. */
  readonly key: string;
}
const CAPTURED = Symbol("captured");

/**
 * Runs one exchange with the native process. A failure of the channel itself - the process ended (end of
 * file on its output, a broken pipe on its input), as opposed to an error it answered - becomes an
 * EngineFailure: not a problem in the user's project, and nothing more can be asked of that process.
 */
function overChannel<T>(exchange: () => T): T {
  try {
    return exchange();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const message = error instanceof Error ? error.message : String(error);
    // The native process cannot write a non-finite number as JSON: it refuses the answer (and goes on)
    // when it holds a number literal type or enum member that is Infinity or NaN. The session answers
    // with a literal type of that number (Session.typeOf), which the reader reports where it is used.
    const nonFinite = /unsupported value: ([+-]Inf|NaN)\b/.exec(message)?.[1];
    if (nonFinite) throw new NonFiniteNumber(nonFinite === "NaN" ? Number.NaN : nonFinite === "-Inf" ? -Infinity : Infinity, { cause: error });
    if (code === "EPIPE" || code === "ECONNRESET" || code === "EBADF" || /\bEOF\b|child process/i.test(message)) {
      throw new EngineFailure(`TypeScript 7's native compiler process ended unexpectedly (${message})`, NATIVE_FAILURE_HINT, { cause: error });
    }
    throw error;
  }
}

const NATIVE_FAILURE_HINT =
  "not a problem in your code: run again, or read with TypeScript 6 meanwhile (--engine ts6); if it keeps happening, please report it with the command you ran";

/**
 * Sends many questions to the native process back to back and reads the answers after, instead of one
 * synchronous round trip each (~0.3-0.5 ms apiece, most of it waking the two processes up in turn).
 *
 * The API's methods are not reimplemented: each question is a call into the API client run far enough
 * to learn the request it sends (the client's request method is swapped for one that records it), the
 * recorded requests are written together, and the answers kept; when the same call is then made for
 * real, the client's request method hands it the kept answer, and the client builds its objects as
 * always. The native process answers requests strictly in order, one at a time (its sync connection),
 * so pipelining them is the protocol's own behaviour. Without the channel internals this relies on
 * (another TypeScript 7 release), the questions are simply asked one by one.
 */
/** The trace's name for reading the answers to batches. */
const ANSWERS = "(answers to batches)";

class Pipeline {
  /** Kept answers by method, then by request: a method with none kept costs a lookup, not a key. */
  private readonly answers = new Map<string, Map<string, Buffer>>();
  private capturing: Captured[] | undefined;
  private readonly channel: ChannelInternals | undefined;
  private readonly request: ClientInternals["apiRequest"];
  private readonly requestBinary: ClientInternals["apiRequestBinary"];

  constructor(private readonly client: ClientInternals) {
    this.request = client.apiRequest.bind(client);
    this.requestBinary = client.apiRequestBinary.bind(client);
    const channel = client.channel;
    // TOOLSMITH_TS7_PIPELINE=0: every question asked on its own, as on a TypeScript 7 release whose channel
    // differs - the way out should one change in a way these checks cannot see, and how the tests run that path.
    this.channel =
      process.env.TOOLSMITH_TS7_PIPELINE !== "0" &&
      channel &&
      typeof channel.writeTuple === "function" &&
      typeof channel.readTuple === "function" &&
      typeof channel.getMethodBuf === "function" &&
      typeof channel.writeAllBuf === "function"
        ? channel
        : undefined;
    client.apiRequest = (method, params) => {
      const answer = this.answer(method, params, false);
      if (answer === undefined) {
        this.count(method);
        this.countNodes(params);
        return this.waitedOn(method, () => this.request(method, params));
      }
      return answer.length ? JSON.parse(answer.toString("utf8")) : undefined;
    };
    client.apiRequestBinary = (method, params) => {
      const answer = this.answer(method, params, true);
      if (answer === undefined) return this.count(method) && this.waitedOn(method, () => this.requestBinary(method, params));
      return answer.length ? answer : undefined;
    };
  }

  /** Asks every question at once: each is a call into the API whose request is recorded, not sent. */
  ask(questions: readonly (() => unknown)[]): void {
    this.post(this.capture(questions));
    this.drain();
  }

  /**
   * Sends the questions without waiting for the answers: the native process works on them while we go
   * on. They are read at the next `drain`, which any request sent the usual way does first (answers
   * come in order), or when a later batch would overfill the channel.
   */
  askAhead(questions: readonly (() => unknown)[]): void {
    this.post(this.capture(questions));
  }

  private capture(questions: readonly (() => unknown)[]): Captured[] {
    const captured: Captured[] = [];
    this.capturing = captured;
    try {
      for (const question of questions) {
        try {
          question();
        } catch (error) {
          if (error !== CAPTURED) throw error;
        }
      }
    } finally {
      this.capturing = undefined;
    }
    const wanted = new Map<string, Captured>();
    for (const request of captured) {
      const id = `${request.method}\u0000${request.key}`;
      if (!this.answers.get(request.method)?.has(request.key) && !this.outstandingIds.has(id)) wanted.set(id, request);
    }
    return [...wanted.values()];
  }

  /**
   * Round trips by kind, printed at the end when TOOLSMITH_TS7_TRACE is set: what the bench notes and
   * a request-count regression are judged by.
   */
  readonly trace = process.env.TOOLSMITH_TS7_TRACE ? new Map<string, number>() : undefined;

  private count(method: string): true {
    this.trace?.set(method, (this.trace.get(method) ?? 0) + 1);
    return true;
  }

  /** Milliseconds spent in each kind of exchange, beside the trace's counts (a batch's: reading its answers). */
  private readonly waited = new Map<string, number>();

  private waitedOn<T>(method: string, exchange: () => T): T {
    if (!this.trace) return overChannel(exchange);
    const start = performance.now();
    try {
      return overChannel(exchange);
    } finally {
      this.waited.set(method, (this.waited.get(method) ?? 0) + performance.now() - start);
    }
  }

  /** Nodes asked about (the `locations` of node questions), reported beside the round trips. */
  private nodesAsked = 0;

  private countNodes(params: unknown): void {
    const locations = this.trace && cast<{ locations?: unknown }>(params)?.locations;
    if (Array.isArray(locations)) this.nodesAsked += locations.length;
  }

  report(): void {
    if (!this.trace) return;
    const total = [...this.trace.values()].reduce((sum, n) => sum + n, 0);
    const waited = (method: string) => (this.waited.has(method) ? ` (${(this.waited.get(method) ?? 0).toFixed(1)} ms)` : "");
    const rows = [...this.trace].sort((a, b) => b[1] - a[1]).map(([method, n]) => `  ${method} ${n}${waited(method)}`);
    if (this.waited.has(ANSWERS)) rows.push(`  ${ANSWERS}${waited(ANSWERS)}`);
    process.stderr.write(`toolsmith ts7: ${total} round trips, ${this.nodesAsked} nodes asked about\n${rows.join("\n")}\n`);
  }

  /** Drops kept answers nobody took (a snapshot's end). */
  clear(): void {
    this.answers.clear();
  }

  private answer(method: string, params: unknown, binary: boolean): Buffer | undefined {
    if (this.capturing) {
      this.capturing.push({ method, params, binary, key: JSON.stringify(params) });
      throw CAPTURED;
    }
    // Answers still on the channel come before any other: read them (this one may be among them).
    this.drain();
    const kept = this.answers.get(method);
    if (!kept) return undefined;
    const key = JSON.stringify(params);
    const answer = kept.get(key);
    if (answer !== undefined) {
      kept.delete(key);
      if (kept.size === 0) this.answers.delete(method);
    }
    return answer;
  }

  private keep(method: string, key: string, answer: Buffer): void {
    let kept = this.answers.get(method);
    if (!kept) this.answers.set(method, (kept = new Map()));
    kept.set(key, answer);
  }

  /**
   * Writes the requests in one system call: framed by the channel's own writer (captured into one
   * buffer), because a socket counts each small write's overhead against its buffer, which a few
   * hundred separate writes can fill while the other side is busy writing an answer.
   */
  private writeAll(channel: ChannelInternals, requests: readonly Captured[], payloads: readonly (string | Uint8Array)[]): void {
    const parts: Buffer[] = [];
    const write = channel.writeAllBuf;
    channel.writeAllBuf = (data: Buffer, length?: number) => {
      parts.push(Buffer.from(data.subarray(0, length ?? data.length)));
    };
    try {
      requests.forEach((request, index) => channel.writeTuple?.(MSG_REQUEST, channel.getMethodBuf?.(request.method) as Buffer, payloads[index] as string | Uint8Array));
    } finally {
      channel.writeAllBuf = write;
    }
    overChannel(() => write?.call(channel, Buffer.concat(parts)));
  }

  /** Written, not yet read: their answers come next on the channel, in this order. */
  private outstanding: Captured[] = [];
  private readonly outstandingIds = new Set<string>();
  private outstandingBytes = 0;

  private post(requests: readonly Captured[]): void {
    const channel = this.channel;
    // Without the channel internals, nothing is asked ahead: each question is asked when it comes.
    if (!channel || requests.length === 0) return;
    let start = 0;
    while (start < requests.length) {
      let end = start;
      let bytes = 0;
      const payloads: (string | Uint8Array)[] = [];
      while (end < requests.length && (end === start || bytes < BATCH_BYTES)) {
        // The key is the parameters' JSON: what is sent.
        const json = requests[end]?.key ?? "";
        const payload = requests[end]?.binary ? new TextEncoder().encode(json) : json;
        bytes += typeof payload === "string" ? Buffer.byteLength(payload) : payload.length;
        payloads.push(payload);
        end++;
      }
      // What is written unread must fit the channel's buffer (see BATCH_BYTES).
      if (this.outstandingBytes > 0 && this.outstandingBytes + bytes > BATCH_BYTES) this.drain();
      const batch = requests.slice(start, end);
      this.writeAll(channel, batch, payloads);
      this.count(`(batch of ${end - start})`);
      for (const request of batch) {
        this.countNodes(request.params);
        this.outstanding.push(request);
        this.outstandingIds.add(`${request.method}\u0000${request.key}`);
      }
      this.outstandingBytes += bytes;
      start = end;
    }
  }

  /** Reads the answers to everything written, keeping them for the calls to come. */
  drain(): void {
    const channel = this.channel;
    if (!channel || this.outstanding.length === 0) return;
    const requests = this.outstanding;
    this.outstanding = [];
    this.outstandingIds.clear();
    this.outstandingBytes = 0;
    this.waitedOn(ANSWERS, () => this.readAnswers(channel, requests));
  }

  private readAnswers(channel: ChannelInternals, requests: readonly Captured[]): void {
    for (const request of requests) {
      channel.readTuple?.();
      const type = channel._msgType;
      const name = channel._msgName.toString("utf8");
      // A callback (file system) question would find our next requests where it expects its answer:
      // none comes once the program is loaded, and should one, this fails rather than hangs.
      if (type !== MSG_RESPONSE && type !== MSG_ERROR) throw new Error(`TypeScript 7 sent message ${type} (${name}) in the middle of a batch of requests`);
      if (name !== request.method) throw new Error(`TypeScript 7 answered ${name} where ${request.method} was asked`);
      // An error answer is not kept: the real call asks again and meets it as usual.
      if (type === MSG_RESPONSE) this.keep(request.method, request.key, channel._msgPayload);
    }
  }
}

// ---- strings of syntax trees ----

/**
 * TypeScript 7's client decodes a syntax tree's string (an identifier's text, a file's path) anew on
 * every read, through a `Buffer` made to look for surrogates, then a `TextDecoder` (~0.3-0.4 us a
 * string): ~45,000 reads on the bench's shared shape, and more before each file's path (which every
 * node id embeds) was kept. A short ASCII string (nearly all of them) is decoded here directly, any
 * other the client's own way, so the text is the same. The program's one decoder, which its source
 * files share, gets the fast path; a client without it (another release) is left as it is.
 */
function decodeStringsFaster(program: sync.Program): void {
  const decoder = cast<{ decoder?: { decode?: (input?: Uint8Array) => string } }>(program).decoder;
  const decode = decoder?.decode;
  if (decoder && typeof decode === "function" && !Object.hasOwn(decoder, "decode")) {
    decoder.decode = (input) => {
      if (!(input instanceof Uint8Array) || input.length > SHORT_STRING) return decode.call(decoder, input);
      for (let i = 0; i < input.length; i++) if ((input[i] as number) >= 0x80) return decode.call(decoder, input);
      // One flat string: built with `+=`, a longer one is a rope, flattened again when it is hashed.
      return String.fromCharCode.apply(null, input as unknown as number[]);
    };
  }
  const getSourceFile = program.getSourceFile;
  if (typeof getSourceFile === "function" && !Object.hasOwn(program, "getSourceFile")) {
    program.getSourceFile = (file) => {
      const found = getSourceFile.call(program, file);
      if (found && !Object.hasOwn(found, "path")) {
        for (const name of ["path", "fileName"] as const) Object.defineProperty(found, name, { value: found[name], enumerable: true });
      }
      return found;
    };
  }
}
const SHORT_STRING = 256;
/** A UTF-16 surrogate without its pair (`u` mode: a pair is one code point, which this does not match). */
const LONE_SURROGATE = /\p{Cs}/u;
const isStringLiteralLike = (node: ast.Node): node is ast.StringLiteral | ast.NoSubstitutionTemplateLiteral =>
  ast.isStringLiteral(node) || ast.isNoSubstitutionTemplateLiteral(node);

/** A TypeScript 6-shaped view of one native type (canonical per session: identity compares work). */
class TypeView {
  private typesCache?: TypeView[];
  private aliasSymbolCache?: SymbolView | null;
  private aliasArgsCache?: TypeView[];
  private symbolCache?: SymbolView | null;
  private targetCache?: TypeView;
  private writtenOrder = false;

  constructor(
    readonly native: NativeType,
    private readonly session: Session,
  ) {}

  get flags(): number {
    return this.native.flags;
  }
  get id(): number {
    return this.native.id;
  }
  get objectFlags(): number {
    return (this.native as sync.ObjectType).objectFlags ?? 0;
  }
  get value(): unknown {
    const value = (this.native as sync.LiteralType).value;
    return typeof value === "string" ? this.session.writtenString(this, value) : value;
  }
  /** TypeScript 6 names `true` / `false` by intrinsicName; TypeScript 7 gives them a boolean value. */
  get intrinsicName(): string | undefined {
    const name = (this.native as sync.IntrinsicType).intrinsicName;
    if (name !== undefined || !(this.flags & sync.TypeFlags.BooleanLiteral)) return name;
    return String((this.native as sync.LiteralType).value);
  }
  get elementFlags(): readonly number[] | undefined {
    return (this.native as sync.TupleType).elementFlags;
  }
  get types(): TypeView[] {
    this.typesCache ??= this.session.membersOf(this);
    return this.typesCache;
  }
  /** Whether the members are in written order (a written union node or alias declaration set it). */
  hasOrder(): boolean {
    return this.writtenOrder;
  }
  setOrder(types: TypeView[]): void {
    this.typesCache = types;
    this.writtenOrder = true;
  }
  get aliasSymbol(): SymbolView | undefined {
    if (this.aliasSymbolCache === undefined) {
      const raw = cast<{ aliasSymbol?: number }>(this.native).aliasSymbol;
      this.aliasSymbolCache = raw === undefined ? null : this.session.symbol(this.native.getAliasSymbol());
    }
    return this.aliasSymbolCache ?? undefined;
  }
  get aliasTypeArguments(): TypeView[] | undefined {
    if (!this.aliasSymbol) return undefined;
    this.aliasArgsCache ??= this.native.getAliasTypeArguments().map((t) => this.session.type(t));
    return this.aliasArgsCache;
  }
  get symbol(): SymbolView | undefined {
    return this.getSymbol();
  }
  get target(): TypeView | undefined {
    if (cast<{ target?: number }>(this.native).target === undefined) return undefined;
    this.targetCache ??= this.session.type((this.native as sync.TypeReference).getTarget());
    return this.targetCache;
  }
  getSymbol(): SymbolView | undefined {
    if (this.symbolCache === undefined) {
      const raw = cast<{ symbol?: number }>(this.native).symbol;
      this.symbolCache = raw === undefined ? null : this.session.symbol(this.native.getSymbol());
    }
    return this.symbolCache ?? undefined;
  }
  isUnion(): boolean {
    return (this.flags & sync.TypeFlags.Union) !== 0;
  }
  isIntersection(): boolean {
    return (this.flags & sync.TypeFlags.Intersection) !== 0;
  }
  isUnionOrIntersection(): boolean {
    return this.isUnion() || this.isIntersection();
  }
  isStringLiteral(): boolean {
    return (this.flags & sync.TypeFlags.StringLiteral) !== 0;
  }
  isNumberLiteral(): boolean {
    return (this.flags & sync.TypeFlags.NumberLiteral) !== 0;
  }
  isLiteral(): boolean {
    return this.isStringLiteral() || this.isNumberLiteral();
  }
  /** A type parameter's constraint (`T extends C`), if it has one. */
  getConstraint(): TypeView | undefined {
    if (!(this.flags & sync.TypeFlags.TypeParameter)) return undefined;
    return this.session.once("constraint", this, () =>
      this.session.type(this.session.checker.getConstraintOfTypeParameter(this.native as sync.TypeParameter)),
    );
  }
  /** A type parameter's default (`T = D`), read from its declaration (TypeScript 7's API has no getDefault). */
  getDefault(): TypeView | undefined {
    if (!(this.flags & sync.TypeFlags.TypeParameter)) return undefined;
    return this.session.once("default", this, () => {
      const declaration = this.getSymbol()?.declarations.find(ast.isTypeParameterDeclaration);
      return declaration?.defaultType ? this.session.typeAt(declaration.defaultType) : undefined;
    });
  }
  getCallSignatures(): readonly unknown[] {
    return this.session.once("call", this, () => this.session.checker.getSignaturesOfType(this.native, sync.SignatureKind.Call));
  }
  getConstructSignatures(): readonly unknown[] {
    return this.session.once("construct", this, () =>
      this.session.checker.getSignaturesOfType(this.native, sync.SignatureKind.Construct),
    );
  }
}

/** A TypeScript 6-shaped view of one native symbol: declarations are nodes, not handles. */
class SymbolView {
  private declarationsCache?: ast.Node[];
  private valueDeclarationCache?: ast.Node | null;
  private parentCache?: SymbolView | null;
  private membersCache?: Map<string, SymbolView>;

  constructor(
    readonly native: NativeSymbol,
    private readonly session: Session,
  ) {}

  /**
   * As TypeScript 6's `symbol.name`: a private name `__#1@#x` reads `#x`; a name with a lone surrogate
   * (`{ "\uD800": T }`), which arrives as U+FFFD (answers are JSON), is read from its declaration's
   * syntax tree, which holds it exactly.
   */
  get name(): string {
    const name = this.native.name;
    if (name.includes("\uFFFD")) return this.keyName ?? this.writtenName() ?? name;
    return name.startsWith("__#") ? name.replace(/^__#\d+@/, "") : name;
  }
  /** A mapped type's property has no declaration: its key's written name, given by the checker view. */
  private keyName?: string;
  nameAfterKey(written: string): void {
    this.keyName = written;
  }
  private writtenName(): string | undefined {
    for (const declaration of this.declarations) {
      const named = cast<{ name?: ast.Node }>(declaration).name;
      if (named && (ast.isStringLiteral(named) || ast.isNoSubstitutionTemplateLiteral(named)) && LONE_SURROGATE.test(named.text)) return named.text;
    }
    return undefined;
  }
  get escapedName(): string {
    return String(this.native.escapedName);
  }
  get flags(): number {
    return this.native.flags;
  }
  getName(): string {
    return this.name;
  }
  get declarations(): ast.Node[] {
    this.declarationsCache ??= this.native.declarations.flatMap((handle) => this.session.resolve(handle) ?? []);
    return this.declarationsCache;
  }
  get valueDeclaration(): ast.Node | undefined {
    if (this.valueDeclarationCache === undefined) {
      const handle = this.native.valueDeclaration;
      this.valueDeclarationCache = (handle && this.session.resolve(handle)) ?? null;
    }
    return this.valueDeclarationCache ?? undefined;
  }
  get parent(): SymbolView | undefined {
    if (this.parentCache === undefined) {
      const raw = cast<{ parent?: number }>(this.native).parent;
      this.parentCache = raw === undefined ? null : this.session.symbol(this.native.getParent());
    }
    return this.parentCache ?? undefined;
  }
  get members(): Map<string, SymbolView> {
    this.membersCache ??= new Map(
      [...this.native.getMembers()].map(([name, member]) => [String(name), this.session.symbol(member) as SymbolView]),
    );
    return this.membersCache;
  }
}

/** A signature, as the declaration it comes from (its return type is read from there). */
class SignatureView {
  constructor(readonly declaration: ast.Node) {}
}

/**
 * One opened project: the native checker plus the canonical views of what it returned, and answers
 * kept for the snapshot's life. Every checker question is a round trip to the native process (~0.1 ms),
 * and the reader asks the same questions of shared types again and again: each answer is asked once,
 * and what a file's declarations will be asked about (the types of its type nodes and parameters, the
 * symbols its type references name) is asked for the whole file in one batched request.
 */
class Session {
  private readonly types = new Map<number, TypeView>();
  private readonly symbols = new Map<number, SymbolView>();
  readonly checker: sync.Checker;
  /** Answers by question, keyed by the node / view asked about. */
  readonly typeOfNode = new Map<ast.Node, TypeView | undefined>();
  readonly symbolOfNode = new Map<ast.Node, SymbolView | undefined>();
  readonly answers = new Map<string, Map<unknown, unknown>>();
  private readonly prefetched = new Set<ast.SourceFile>();
  /** Files whose node questions were asked ahead (`prepare`), with their typed nodes. */
  private readonly askedAhead = new Map<ast.SourceFile, ast.Node[]>();
  /** Files asked about only as far as their tools reach (toolQuestions), with the statements left out. */
  private readonly leftOut = new Map<ast.SourceFile, readonly ast.Statement[]>();
  private readonly explored = new Set<TypeView>();

  constructor(
    readonly project: sync.Project,
    private readonly pipeline: Pipeline,
  ) {
    this.checker = project.checker;
    decodeStringsFaster(project.program);
  }

  type(native: NativeType): TypeView;
  type(native: NativeType | undefined): TypeView | undefined;
  type(native: NativeType | undefined): TypeView | undefined {
    if (!native) return undefined;
    let view = this.types.get(native.id);
    if (!view) this.types.set(native.id, (view = new TypeView(native, this)));
    return view;
  }

  private madeUp = 0;

  /** A type made here, not by the native process: no symbol or alias, a negative id; never sent to it. */
  private makeType(fields: { readonly flags: number; readonly value?: number }): TypeView {
    return new TypeView(cast<NativeType>({ id: -++this.madeUp, ...fields }), this);
  }

  /**
   * A union of `members` that no program type is (`A | B`, what `Promise<A> | Promise<B>` awaits to):
   * its members in this order. Only the reader's union handling and typeToString (checkerView) meet it.
   */
  unionOf(members: readonly TypeView[]): TypeView {
    return this.once("unionOf", members.map((member) => member.id).join(","), () => {
      const view = this.makeType({ flags: sync.TypeFlags.Union });
      view.setOrder([...members]);
      return view;
    });
  }

  /**
   * The type one question answers. When the native process cannot send it - a number literal type that
   * is Infinity or NaN, which JSON cannot hold (NonFiniteNumber) - a number literal type of that value
   * made here stands in: the reader reports it at the parameter that uses it, as on TypeScript 6.
   */
  typeOf(ask: () => NativeType | undefined): TypeView | undefined {
    return unlessNonFinite(
      () => this.type(ask()),
      (value) => this.makeType({ flags: sync.TypeFlags.NumberLiteral, value }),
    );
  }

  /** `typeOf` for a batched question (one type per item): a batch that cannot be sent is asked in halves. */
  typesOf<T>(items: readonly T[], ask: (items: T[]) => readonly (NativeType | undefined)[]): (TypeView | undefined)[] {
    if (items.length === 0) return [];
    if (items.length === 1) return [this.typeOf(() => ask([...items])[0])];
    const half = Math.ceil(items.length / 2);
    return unlessNonFinite(
      () => ask([...items]).map((native) => this.type(native)),
      () => [...this.typesOf(items.slice(0, half), ask), ...this.typesOf(items.slice(half), ask)],
    );
  }

  /**
   * A union's or intersection's members. An enum whose members the native process cannot send (one is
   * Infinity or NaN: NonFiniteNumber) has them asked member by member, as its declarations list them.
   */
  membersOf(type: TypeView): TypeView[] {
    try {
      return ((type.native as sync.UnionOrIntersectionType).getTypes() ?? []).map((member) => this.type(member));
    } catch (error) {
      const symbol = type.getSymbol();
      if (!(error instanceof NonFiniteNumber) || !symbol || !(symbol.flags & sync.SymbolFlags.Enum)) throw error;
      const members = symbol.declarations.filter(ast.isEnumDeclaration).flatMap((declaration) => [...declaration.members]);
      return this.typesAt(members).filter((member): member is TypeView => member !== undefined);
    }
  }

  /** The types at these nodes, in one request. */
  private typesAt(nodes: readonly ast.Node[]): (TypeView | undefined)[] {
    return this.typesOf(nodes, (batch) => this.checker.getTypeAtLocation(batch));
  }

  symbol(native: NativeSymbol | undefined): SymbolView | undefined {
    if (!native) return undefined;
    let view = this.symbols.get(native.id);
    if (!view) this.symbols.set(native.id, (view = new SymbolView(native, this)));
    return view;
  }

  resolve(handle: sync.NodeHandle): ast.Node | undefined {
    return handle.resolve(this.project);
  }

  /** The answer to `question` about `key`, computed once. */
  once<K, V>(question: string, key: K, compute: () => V): V {
    let table = this.answers.get(question);
    if (!table) this.answers.set(question, (table = new Map()));
    if (table.has(key)) return table.get(key) as V;
    const value = compute();
    table.set(key, value);
    return value;
  }

  /** The type at a node (a type node's type, a parameter's declared type). */
  typeAt(node: ast.Node): TypeView | undefined {
    this.prefetch(node);
    if (!this.typeOfNode.has(node)) this.askRest(node);
    if (!this.typeOfNode.has(node)) this.typeOfNode.set(node, this.typeOf(() => this.checker.getTypeAtLocation(node)));
    return this.typeOfNode.get(node);
  }

  /**
   * TypeScript 7 keeps a union's literal members ordered by value; TypeScript 6 by creation, which is
   * where they are first written. The first union node written for a union type sets its member order.
   */
  private writtenUnion(node: ast.UnionTypeNode): void {
    const union = this.typeOfNode.get(node);
    if (!union || !union.isUnion() || union.hasOrder()) return;
    // A member the native process cannot send (NonFiniteNumber): the written members stand for them.
    const sent = unlessNonFinite(() => union.types !== undefined, () => false);
    if (!sent) {
      union.setOrder(node.types.flatMap((member) => this.typeOfNode.get(member) ?? []));
      return;
    }
    const key = (type: TypeView): string =>
      type.flags & (sync.TypeFlags.StringLiteral | sync.TypeFlags.NumberLiteral) ? `${type.flags & sync.TypeFlags.StringLiteral ? "s" : "n"}:${String(type.value)}` : `#${type.id}`;
    const written: string[] = [];
    const visit = (member: ast.TypeNode): void => {
      const type = this.typeOfNode.get(member);
      if (!type) return;
      if (type.isUnion()) type.types.forEach((part) => written.push(key(part)));
      else written.push(key(type));
    };
    node.types.forEach(visit);
    const rank = (type: TypeView): number => {
      const at = written.indexOf(key(type));
      return at < 0 ? written.length : at;
    };
    union.setOrder([...union.types].map((type, index) => ({ type, index })).sort((a, b) => rank(a.type) - rank(b.type) || a.index - b.index).map(({ type }) => type));
  }

  /**
   * Gives a union its written member order when it has not been seen written yet: a union named by an
   * alias declared in a file not read so far (reading its declaration's type node orders it).
   */
  orderWritten(union: TypeView): void {
    if (union.hasOrder()) return;
    const declaration = union.aliasSymbol?.declarations.find(ast.isTypeAliasDeclaration);
    if (declaration) this.typeAt(declaration.type);
  }

  symbolAt(node: ast.Node): SymbolView | undefined {
    this.prefetch(node);
    if (!this.symbolOfNode.has(node)) this.askRest(node);
    if (!this.symbolOfNode.has(node)) this.symbolOfNode.set(node, this.symbol(this.checker.getSymbolAtLocation(node)));
    return this.symbolOfNode.get(node);
  }

  /**
   * Asks, in two batched requests, for the types of the parameters and type nodes the reader asks about
   * (`askedType`) in the file's declarations and for the symbols its type references name - unless
   * `prepare` asked already - and
   * gives the file's unions their written order, when the file is first read (as TypeScript 6 orders
   * a union by where it is first met).
   */
  private prefetch(node: ast.Node): void {
    const file = node.getSourceFile();
    if (this.prefetched.has(file)) return;
    this.prefetched.add(file);
    if (file.isDeclarationFile) return;
    const ahead = this.askedAhead.get(file);
    if (ahead) {
      for (const at of ahead) if (ast.isUnionTypeNode(at)) this.writtenUnion(at);
      return;
    }
    this.askAbout(nodeQuestions(file.statements));
  }

  private askAbout({ typed, names }: NodeQuestions): void {
    if (typed.length) this.keepTypes(typed);
    if (names.length) this.keepSymbols(names, this.checker.getSymbolAtLocation(names));
    for (const at of typed) if (ast.isUnionTypeNode(at)) this.writtenUnion(at);
  }

  /**
   * A question about a node in a statement left out of a file's questions (toolQuestions: a type declared
   * beside the tools that another file's tool uses): the statements left out are asked about, in one batch.
   */
  private askRest(node: ast.Node): void {
    const file = node.getSourceFile();
    const rest = this.leftOut.get(file);
    if (!rest) return;
    let statement: ast.Node | undefined = node;
    while (statement && statement.parent !== file) statement = statement.parent;
    if (!rest.includes(statement as ast.Statement)) return;
    this.leftOut.delete(file);
    this.askAbout(nodeQuestions(rest));
  }

  private keepTypes(nodes: readonly ast.Node[]): TypeView[] {
    const found = this.typesAt(nodes);
    const views: TypeView[] = [];
    nodes.forEach((at, index) => {
      const view = found[index];
      this.typeOfNode.set(at, view);
      if (view) views.push(view);
    });
    return views;
  }

  private keepSymbols(nodes: readonly ast.Node[], found: readonly (NativeSymbol | undefined)[]): void {
    nodes.forEach((at, index) => this.symbolOfNode.set(at, this.symbol(found[index])));
  }

  /**
   * Asks ahead, in a few batches of back-to-back requests, what reading these files will ask: their
   * syntax trees, the types and symbols of their declarations' nodes, then what those types are made
   * of, level by level (`explore`). Reading then finds the answers here; what was not foreseen is
   * asked as before, one request at a time. Union order is still given when a file is first read.
   */
  prepare(fileNames: readonly string[], partOf?: PartOf): void {
    this.prepareAhead(fileNames, partOf);
    this.finishAhead();
  }

  /**
   * The program's files outside node_modules and the default library - the project's own - their
   * syntax trees fetched in one batch (the rest are never fetched: the library alone is some 60 files).
   */
  localSourceFiles(): ast.SourceFile[] {
    const names = this.project.program.getSourceFileNames().filter((name) => !name.includes("/node_modules/") && !isBundledLibrary(name));
    return this.sourceFiles(names);
  }

  /** The syntax trees of these files, asked for in one batch. */
  private sourceFiles(names: readonly string[]): ast.SourceFile[] {
    const { program } = this.project;
    this.pipeline.ask(names.map((name) => () => program.getSourceFile(name)));
    return names.flatMap((name) => program.getSourceFile(name) ?? []);
  }

  /** Node questions sent by `prepareAhead`, whose answers `finishAhead` takes. */
  private ahead: ({ readonly file: ast.SourceFile } & ToolQuestions)[] = [];

  /**
   * `prepare`'s first half: the syntax trees, then the node questions sent without waiting, so the
   * native process checks these files while we read others (the two run on two cores).
   */
  prepareAhead(fileNames: readonly string[], partOf?: PartOf): void {
    const pending = new Set(this.ahead.map(({ file }) => file));
    const { program } = this.project;
    this.sourceFiles(fileNames);
    const questions: ({ readonly file: ast.SourceFile } & ToolQuestions)[] = [];
    for (const name of fileNames) {
      const file = program.getSourceFile(name);
      if (!file || file.isDeclarationFile || this.prefetched.has(file) || this.askedAhead.has(file) || pending.has(file)) continue;
      questions.push({ file, ...toolQuestions(file, partOf?.(name, file.text)) });
    }
    this.pipeline.askAhead(
      questions.flatMap(({ typed, names }) => [
        ...(typed.length ? [() => this.checker.getTypeAtLocation(typed)] : []),
        ...(names.length ? [() => this.checker.getSymbolAtLocation(names)] : []),
      ]),
    );
    this.ahead.push(...questions);
  }

  /** `prepare`'s second half: takes the node answers, then explores the types they name. */
  finishAhead(): void {
    const questions = this.ahead;
    this.ahead = [];
    const found: TypeView[] = [];
    for (const { file, leftOut, typed, names } of questions) {
      if (this.prefetched.has(file)) continue;
      this.askedAhead.set(file, typed);
      if (leftOut.length) this.leftOut.set(file, leftOut);
      if (typed.length) found.push(...this.keepTypes(typed));
      if (names.length) this.keepSymbols(names, this.checker.getSymbolAtLocation(names));
    }
    this.explore(found);
  }

  /**
   * Walks the types reachable from `start` level by level, asking for each level's parts in one batch
   * (union members, signatures, type arguments, properties, index signatures, base types, members)
   * and then for all their properties' types in one request; the answers are kept where the checker
   * view looks for them. Default-library types (`Date`, `Array`, `Promise`...) are not opened up, as
   * the reader knows them by name; mapped types made by their aliases (`Partial<T>`) are.
   */
  private explore(start: readonly TypeView[]): void {
    let frontier = this.unexplored(start);
    for (let depth = 0; frontier.length > 0 && depth < MAX_EXPLORE_DEPTH && this.explored.size < MAX_EXPLORED; depth++) {
      this.pipeline.ask(frontier.map((type) => () => type.getSymbol()));
      const targets = new Set<number>();
      this.pipeline.ask(frontier.flatMap((type) => this.questionsAbout(type, targets)));
      const next: TypeView[] = [];
      const untyped: SymbolView[] = [];
      // A part the native process cannot send (NonFiniteNumber) is left: reading the type meets it and says so.
      for (const type of frontier) next.push(...unlessNonFinite(() => this.partsOf(type, untyped), () => []));
      if (untyped.length) {
        const types = this.typesOf(untyped, (batch) => this.checker.getTypeOfSymbol(batch.map((symbol) => symbol.native)));
        untyped.forEach((symbol, index) => {
          const type = types[index];
          this.once("typeOfSymbol", symbol, () => type);
          if (type) next.push(type);
        });
      }
      frontier = this.unexplored(next);
    }
  }

  private unexplored(types: readonly TypeView[]): TypeView[] {
    const out: TypeView[] = [];
    for (const type of types) {
      if (this.explored.has(type)) continue;
      this.explored.add(type);
      out.push(type);
    }
    return out;
  }

  /** Opened up: object types but those of the default library (which mapped types made there are not). */
  private opens(type: TypeView): boolean {
    if (!(type.flags & sync.TypeFlags.Object)) return false;
    if (type.objectFlags & sync.ObjectFlags.Mapped) return true;
    const declarations = type.getSymbol()?.native.declarations ?? [];
    return !(declarations.length > 0 && declarations.every((handle) => isBundledLibrary(handle.path)));
  }

  /** The requests `partsOf` will make, as questions for the pipeline. */
  private questionsAbout(type: TypeView, targets: Set<number>): (() => unknown)[] {
    const { checker } = this;
    const native = type.native;
    const questions: (() => unknown)[] = [];
    if (type.isUnionOrIntersection()) questions.push(() => (native as sync.UnionOrIntersectionType).getTypes());
    const member = enumMemberOf(type);
    if (member) questions.push(() => checker.getConstantValue(member));
    if (!(type.flags & sync.TypeFlags.Object)) return questions;
    questions.push(
      () => checker.getSignaturesOfType(native, sync.SignatureKind.Call),
      () => checker.getSignaturesOfType(native, sync.SignatureKind.Construct),
    );
    if (type.objectFlags & sync.ObjectFlags.Reference) {
      questions.push(() => checker.getTypeArguments(native as sync.TypeReference), () => type.target);
      // Asked once per target (see byTarget).
      const target = cast<{ target?: number }>(native).target;
      if (target === undefined || (!this.answers.get("isArray")?.has(target) && !targets.has(target))) {
        if (target !== undefined) targets.add(target);
        questions.push(() => checker.isArrayType(native), () => checker.isTupleType(native));
      }
    }
    if (!this.opens(type)) return questions;
    questions.push(() => checker.getPropertiesOfType(native), () => checker.getIndexInfosOfType(native));
    const declared = interfaceOf(type);
    if (declared) questions.push(() => checker.getBaseTypes(declared.native as sync.InterfaceType), () => declared.getSymbol()?.native.getMembers());
    return questions;
  }

  /** What `type` is made of, through the same session methods the checker view answers from. */
  private partsOf(type: TypeView, untyped: SymbolView[]): TypeView[] {
    const parts: TypeView[] = [];
    if (type.isUnionOrIntersection()) parts.push(...type.types);
    const member = enumMemberOf(type);
    if (member) this.constantValue(member);
    if (!(type.flags & sync.TypeFlags.Object)) return parts;
    type.getCallSignatures();
    type.getConstructSignatures();
    if (type.objectFlags & sync.ObjectFlags.Reference) {
      parts.push(...this.typeArguments(type));
      this.isArray(type);
      this.isTuple(type);
    }
    if (!this.opens(type)) return parts;
    const typedAlready = this.answers.get("typeOfSymbol");
    for (const property of this.properties(type)) if (!typedAlready?.has(property)) untyped.push(property);
    for (const info of this.indexInfos(type)) parts.push(...[info.keyType, info.type].filter((part): part is TypeView => part !== undefined));
    const declared = interfaceOf(type);
    if (declared) {
      parts.push(...this.baseTypes(declared).flatMap((base) => base ?? []));
      declared.getSymbol()?.members;
    }
    return parts;
  }

  // ---- answers kept per session, shared by `explore` and the checker view ----

  /** An enum member's value (a string as written: see `writtenString`). */
  constantValue(node: ast.Node): string | number | undefined {
    return this.once("constant", node, () => {
      // Infinity or NaN, which the native process cannot send: the value itself (see typeOf).
      const value = unlessNonFinite<string | number | undefined>(() => this.checker.getConstantValue(node), (number) => number);
      if (typeof value !== "string" || !value.includes("\uFFFD") || !ast.isEnumMember(node)) return value;
      return node.initializer && isStringLiteralLike(node.initializer) ? node.initializer.text : value;
    });
  }

  /** String literal types written with a lone surrogate in the project's files, and their text. */
  private loneSurrogateTypes?: Map<TypeView, string>;

  /**
   * A string literal type's value as written, when the native process's JSON could not carry it: JSON
   * has no lone surrogate (`"\uD800"`, WTF-8 in the native syntax trees), which arrives as U+FFFD for
   * each of its bytes - the same for every lone surrogate. Syntax trees carry it exactly: the literal
   * type nodes and enum members written with one in the project's own files are found (a walk of them,
   * only once such a value is met) and their types asked in one batch. A lone surrogate reached by no
   * such node (a `const` initializer's inferred type) keeps the JSON spelling.
   */
  writtenString(type: TypeView, value: string): string {
    if (!value.includes("\uFFFD")) return value;
    if (this.loneSurrogateTypes === undefined) {
      const nodes: ast.Node[] = [];
      const texts: string[] = [];
      const visit = (node: ast.Node): void => {
        const literal = ast.isLiteralTypeNode(node) ? node.literal : ast.isEnumMember(node) ? node.initializer : undefined;
        if (literal && isStringLiteralLike(literal) && LONE_SURROGATE.test(literal.text)) {
          nodes.push(node);
          texts.push(literal.text);
        }
        node.forEachChild(visit);
      };
      for (const file of this.localSourceFiles()) file.forEachChild(visit);
      const found = this.typesAt(nodes);
      this.loneSurrogateTypes = new Map();
      found.forEach((view, index) => {
        if (view) this.loneSurrogateTypes?.set(view, texts[index] as string);
      });
    }
    return this.loneSurrogateTypes.get(type) ?? value;
  }

  /** The properties as the checker lists them (the checker view orders a mapped type's by its keys). */
  properties(type: TypeView): SymbolView[] {
    return this.once("rawProperties", type, () => this.checker.getPropertiesOfType(type.native).map((symbol) => this.symbol(symbol) as SymbolView));
  }

  indexInfos(type: TypeView): IndexInfoView[] {
    return this.once("indexInfos", type, () =>
      this.checker.getIndexInfosOfType(type.native).map((info) => ({
        keyType: this.type(info.keyType),
        type: this.type(info.valueType),
        isReadonly: info.isReadonly,
        declaration: info.declaration ? this.resolve(info.declaration) : undefined,
      })),
    );
  }

  baseTypes(type: TypeView): (TypeView | undefined)[] {
    return this.once("baseTypes", type, () => this.checker.getBaseTypes(type.native as sync.InterfaceType).map((base) => this.type(base)));
  }

  typeArguments(type: TypeView): TypeView[] {
    return this.once("typeArguments", type, () =>
      this.checker.getTypeArguments(type.native as sync.TypeReference).map((argument) => this.type(argument) as TypeView),
    );
  }

  /** Whether a reference's target is an array / a tuple depends on the target only: asked once per target. */
  isArray(type: TypeView): boolean {
    return this.byTarget("isArray", type, (native) => this.checker.isArrayType(native));
  }

  isTuple(type: TypeView): boolean {
    return this.byTarget("isTuple", type, (native) => this.checker.isTupleType(native));
  }

  private byTarget(question: string, type: TypeView, ask: (native: NativeType) => boolean): boolean {
    // Both are references by definition (TypeScript's isArrayType / isTupleType test the flag first).
    if (!(type.objectFlags & sync.ObjectFlags.Reference)) return false;
    const target = cast<{ target?: number }>(type.native).target;
    return target === undefined ? ask(type.native) : this.once(question, target, () => ask(type.native));
  }
}

interface IndexInfoView {
  readonly keyType: TypeView | undefined;
  readonly type: TypeView | undefined;
  readonly isReadonly: boolean;
  readonly declaration: ast.Node | undefined;
}

/** How deep and how wide `explore` goes: bounds for pathological programs, far above real parameter types. */
const MAX_EXPLORE_DEPTH = 24;
const MAX_EXPLORED = 20_000;

/** An enum member's declaration, for an enum literal type (its value is asked of the declaration). */
function enumMemberOf(type: TypeView): ast.Node | undefined {
  if (!(type.flags & sync.TypeFlags.EnumLiteral) || type.isUnion()) return undefined;
  const declaration = type.getSymbol()?.valueDeclaration;
  return declaration && ast.isEnumMember(declaration) ? declaration : undefined;
}

/** A class or interface type (or a reference's class or interface target): its base types and members order its fields. */
function interfaceOf(type: TypeView): TypeView | undefined {
  const target = type.objectFlags & sync.ObjectFlags.Reference ? type.target : type;
  return target && target.objectFlags & (sync.ObjectFlags.Class | sync.ObjectFlags.Interface) ? target : undefined;
}

/**
 * The type nodes whose types the reader asks for by node: unions and their members (written member
 * order), type arguments (`$defs` names), an alias's type (its union order), a parameter's or a
 * function's (return) type, a type parameter's constraint, what parentheses hold, `keyof`'s operand and
 * an indexed access's object and index (a union's written order is followed through them). Other type nodes
 * (an interface member's `string`, an array's element...) are reached through the checker's types, not
 * by node: asking for them anyway made the native process check each one (about 6% of the time on the
 * bench's shared shape). One not foreseen here is asked when read, as any unforeseen question is.
 */
function askedType(node: ast.TypeNode): boolean {
  const parent = node.parent;
  return (
    ast.isUnionTypeNode(node) ||
    ast.isUnionTypeNode(parent) ||
    ast.isTypeReferenceNode(parent) ||
    ast.isTypeAliasDeclaration(parent) ||
    ast.isParenthesizedTypeNode(parent) ||
    ast.isParameterDeclaration(parent) ||
    ast.isFunctionDeclaration(parent) ||
    ast.isArrowFunction(parent) ||
    ast.isFunctionExpression(parent) ||
    ast.isMethodDeclaration(parent) ||
    ast.isTypeParameterDeclaration(parent) ||
    (ast.isTypeOperatorNode(parent) && parent.operator === ast.SyntaxKind.KeyOfKeyword) ||
    ast.isIndexedAccessTypeNode(parent)
  );
}

interface NodeQuestions {
  readonly typed: ast.Node[];
  readonly names: ast.Node[];
}

/** A file's questions as far as its tools reach, and the statements left out (see toolQuestions). */
interface ToolQuestions extends NodeQuestions {
  readonly leftOut: readonly ast.Statement[];
}

/**
 * What statements will be asked about: their parameters and the type nodes `askedType` picks, and the
 * names their type references, imports and property accesses use - not in function bodies (no tool's
 * schema depends on them). In file order: the first union written sets the union's member order
 * (Session.writtenUnion).
 */
function nodeQuestions(statements: readonly ast.Statement[]): NodeQuestions {
  return joined(statements.map(statementQuestions));
}

function joined(parts: readonly NodeQuestions[]): NodeQuestions {
  return { typed: parts.flatMap((part) => part.typed), names: parts.flatMap((part) => part.names) };
}

/** One statement's questions (see nodeQuestions), and the identifiers it uses outside function bodies. */
function statementQuestions(statement: ast.Statement): NodeQuestions & { readonly identifiers: readonly string[] } {
  const typed: ast.Node[] = [];
  const names: ast.Node[] = [];
  const identifiers: string[] = [];
  const visit = (current: ast.Node): void => {
    if (ast.isBlock(current)) return;
    if (ast.isIdentifier(current)) identifiers.push(current.text);
    if (ast.isParameterDeclaration(current) || (ast.isTypeNode(current) && askedType(current))) typed.push(current);
    if (ast.isTypeReferenceNode(current)) names.push(current.typeName);
    // `(typeof SIZES)[number]`: the value's declaration gives its members' written order.
    if (ast.isTypeQueryNode(current)) names.push(current.exprName);
    if (ast.isImportDeclaration(current)) names.push(current.moduleSpecifier);
    // `priority = Priority.Normal`: a default's member is looked up by name.
    if (ast.isPropertyAccessExpression(current)) names.push(current.name);
    // `typeof merged` of `{ ...base, [KEY]: v }`: the spreads and computed keys give its property order.
    if (ast.isObjectLiteralExpression(current)) {
      for (const property of current.properties) {
        if (ast.isSpreadAssignment(property)) typed.push(property.expression);
        else if (property.name && ast.isComputedPropertyName(property.name)) typed.push(property.name.expression);
      }
    }
    current.forEachChild(visit);
  };
  visit(statement);
  return { typed, names, identifiers };
}

/**
 * A module's questions as far as reading its tools can reach, in file order: the statements that can be a
 * tool (exported functions and `const`s, export lists and assignments), its imports, module
 * declarations, and - transitively - the local declarations the identifiers of those use, outside
 * function bodies (each statement is walked once, for both). An exported interface or type no tool uses
 * (a `Params` interface beside each function, say) is left out: asking about its nodes would be work for
 * nothing. Should the reader still ask about one (another file's tool uses it), the statements left out
 * are asked about then, in one batch (Session.askRest). In a script (no imports or exports) every
 * declaration is global, so nothing is left out.
 */
function toolQuestions(file: ast.SourceFile, part?: ReadonlySet<number>): ToolQuestions {
  if (!file.externalModuleIndicator) return { ...nodeQuestions(file.statements), leftOut: [] };
  const declaring = new Map<string, ast.Statement[]>();
  const pending: ast.Statement[] = [];
  for (const statement of file.statements) {
    if (canBeToolOrImport(statement) && (!part || part.has(statement.pos) || !canBeTool(statement))) {
      pending.push(statement);
      continue;
    }
    for (const name of declaredNames(statement)) {
      const statements = declaring.get(name);
      if (statements) statements.push(statement);
      else declaring.set(name, [statement]);
    }
  }
  const asked = new Map<ast.Statement, NodeQuestions>();
  for (let statement = pending.pop(); statement; statement = pending.pop()) {
    if (asked.has(statement)) continue;
    const questions = statementQuestions(statement);
    asked.set(statement, questions);
    for (const name of questions.identifiers) pending.push(...(declaring.get(name) ?? []));
  }
  return {
    ...joined(file.statements.flatMap((statement) => asked.get(statement) ?? [])),
    leftOut: file.statements.filter((statement) => !asked.has(statement)),
  };
}

function canBeToolOrImport(statement: ast.Statement): boolean {
  if (ast.isImportDeclaration(statement) || ast.isImportEqualsDeclaration(statement)) return true;
  if (ast.isExportDeclaration(statement) || ast.isExportAssignment(statement) || ast.isModuleDeclaration(statement)) return true;
  return canBeTool(statement) && (statement.modifierFlags & ast.ModifierFlags.Export) !== 0;
}

/** A function or `const` statement: a tool's own (the rest canBeToolOrImport takes are imports and export lists). */
function canBeTool(statement: ast.Statement): statement is ast.FunctionDeclaration | ast.VariableStatement {
  return ast.isFunctionDeclaration(statement) || ast.isVariableStatement(statement);
}

/** The names a top-level statement declares (none for one that declares nothing by name). */
function declaredNames(statement: ast.Statement): string[] {
  if (ast.isVariableStatement(statement)) {
    const names: string[] = [];
    const bound = (name: ast.BindingName): void => {
      if (ast.isIdentifier(name)) names.push(name.text);
      else for (const element of name.elements) if (!ast.isOmittedExpression(element) && element.name) bound(element.name);
    };
    for (const declaration of statement.declarationList.declarations) bound(declaration.name);
    return names;
  }
  const name = (statement as { name?: ast.Node }).name;
  return name && ast.isIdentifier(name) ? [name.text] : [];
}

const nativeType = (type: unknown): NativeType => (type as TypeView).native;
const nativeSymbol = (symbol: unknown): NativeSymbol => (symbol as SymbolView).native;

/** The checker as TypeScript 6 spells it, each answer asked of the native process once. */
function checkerView(session: Session) {
  const { checker } = session;
  /** The type a checker call answers (Session.typeOf: what it cannot send is made here). */
  const t = (ask: () => NativeType | undefined) => session.typeOf(ask);
  const once = <K, V>(question: string, key: K, compute: () => V): V => session.once(question, key, compute);
  /**
   * What `await` gives for a value of `type`, as far as it can be told without a checker call of its own:
   * a promise's (or a subclass's, or an intersection's promise's) type argument, recursively; a union
   * member by member: one type when the members come to one (`number | Promise<number>`), else the
   * union of what they come to (`Promise<A> | Promise<B>`: `A | B`), made here (Session.unionOf) as the
   * API cannot make a union.
   */
  const awaited = (type: TypeView, depth: number): TypeView => {
    if (depth > 8) return type;
    if (type.isUnion()) {
      const members = type.types.map((member) => awaited(member, depth + 1));
      if (members.every((member, index) => member === type.types[index])) return type;
      const distinct = [...new Set(members.flatMap((member) => (member.isUnion() ? member.types : [member])))];
      return distinct.length === 1 ? (distinct[0] as TypeView) : session.unionOf(distinct);
    }
    const promised = promisedBy(type, depth);
    return promised ? awaited(promised, depth + 1) : type;
  };
  /** The type argument of the promise `type` is, extends (a non-generic class or interface) or holds (an intersection). */
  const promisedBy = (type: TypeView, depth: number): TypeView | undefined => {
    if (isPromise(type)) return view.getTypeArguments(type)[0];
    if (type.isIntersection()) {
      for (const part of type.types) {
        const promised = promisedBy(part, depth + 1);
        if (promised) return promised;
      }
      return undefined;
    }
    if (depth > 8 || !(type.objectFlags & (sync.ObjectFlags.Class | sync.ObjectFlags.Interface))) return undefined;
    for (const base of session.baseTypes(type)) {
      const promised = base && promisedBy(base, depth + 1);
      if (promised) return promised;
    }
    return undefined;
  };
  const isPromise = (type: TypeView): boolean => {
    const symbol = type.getSymbol();
    return (symbol?.name === "Promise" || symbol?.name === "PromiseLike") && (type.objectFlags & sync.ObjectFlags.Reference) !== 0;
  };
  /**
   * What a named import (`import { X } from "./m.js"`) stands for, read from the module's exports
   * (asked once per module) instead of one round trip per imported name; undefined when the export
   * is itself an alias (a re-export), which the checker resolves.
   */
  const imported = (symbol: SymbolView): SymbolView | undefined => {
    const declaration = symbol.declarations[0];
    if (!declaration || !ast.isImportSpecifier(declaration)) return undefined;
    const statement = declaration.parent.parent.parent;
    if (!ast.isImportDeclaration(statement)) return undefined;
    const module = session.symbolAt(statement.moduleSpecifier);
    if (!module) return undefined;
    const name = (declaration.propertyName ?? declaration.name).text;
    const target = view.getExportsOfModule(module).find((candidate) => candidate.native.name === name);
    return target && !(target.flags & sync.SymbolFlags.Alias) ? target : undefined;
  };
  /**
   * A mapped type over literal keys (`Record<"us" | "eu", T>`, `{ [K in "b" | "a"]: T }`): TypeScript 6
   * lists its properties in the order the key union is written, TypeScript 7 by key value. The key
   * union's written order (see Session.writtenUnion) puts them back.
   */
  const keyOrdered = (type: TypeView, properties: SymbolView[]): SymbolView[] => {
    if (!(type.objectFlags & sync.ObjectFlags.Mapped)) return properties;
    const mangled = properties.some((symbol) => symbol.native.name.includes("\uFFFD"));
    if (properties.length < 2 && !mangled) return properties;
    const keys = mappedKeys(type);
    if (keys && mangled) nameAfterKeys(keys, properties);
    if (properties.length < 2 || !keys?.isUnion()) return properties;
    session.orderWritten(keys);
    const rank = new Map(keys.types.map((key, index) => [String(key.value), index]));
    return properties
      .map((symbol, index) => ({ symbol, rank: rank.get(symbol.name) ?? rank.size + index }))
      .sort((a, b) => a.rank - b.rank)
      .map(({ symbol }) => symbol);
  };
  /**
   * A mapped type's properties named after keys written with a lone surrogate (`Record<"\uD800a", T>`)
   * arrive with U+FFFD for it (answers are JSON), and have no declaration to read the name from: each is
   * named after its key as written (TypeView.value). Keys that arrive alike (`"\uD800" | "\uDC00"`) name
   * their properties in the native order: by key value, byte by byte in the native strings (WTF-8), which
   * is code point order.
   */
  const nameAfterKeys = (keys: TypeView, properties: readonly SymbolView[]): void => {
    const written = new Map<string, string[]>();
    for (const key of keys.isUnion() ? keys.types : [keys]) {
      const arrived = cast<{ value?: unknown }>(key.native).value;
      if (typeof arrived === "string" && arrived.includes("\uFFFD")) written.set(arrived, [...(written.get(arrived) ?? []), String(key.value)]);
    }
    for (const alike of written.values()) alike.sort(compareCodePoints);
    for (const property of properties) {
      const name = written.get(property.native.name)?.shift();
      if (name !== undefined) property.nameAfterKey(name);
    }
  };
  /** The key type of a mapped type: `Record`'s first argument, or the written `[K in Keys]` constraint. */
  const mappedKeys = (type: TypeView): TypeView | undefined => {
    const alias = type.aliasSymbol;
    if (alias?.name === "Record") return type.aliasTypeArguments?.[0];
    // `type Totals = Record<"eu" | "us", T>`: the alias is Totals; its written Record names the keys.
    const written = alias?.declarations.find(ast.isTypeAliasDeclaration)?.type;
    if (written && ast.isTypeReferenceNode(written) && ast.isIdentifier(written.typeName) && written.typeName.text === "Record") {
      const keys = written.typeArguments?.[0];
      return keys ? session.typeAt(keys) : undefined;
    }
    const declaration = type.getSymbol()?.declarations.find(ast.isMappedTypeNode);
    const constraint = declaration?.typeParameter.constraint;
    return constraint ? session.typeAt(constraint) : undefined;
  };
  const view = {
    getTypeAtLocation: (node: ast.Node) => session.typeAt(node) as TypeView,
    getTypeFromTypeNode: (node: ast.TypeNode) => session.typeAt(node) as TypeView,
    getSymbolAtLocation: (node: ast.Node) => session.symbolAt(node),
    getShorthandAssignmentValueSymbol: (node: ast.Node) => session.symbol(checker.getShorthandAssignmentValueSymbol(node)),
    getAliasedSymbol: (symbol: SymbolView) =>
      once("aliased", symbol, () => imported(symbol) ?? (session.symbol(checker.getAliasedSymbol(nativeSymbol(symbol))) as SymbolView)),
    getTypeOfSymbol: (symbol: SymbolView) =>
      once("typeOfSymbol", symbol, () => t(() => checker.getTypeOfSymbol(nativeSymbol(symbol))) as TypeView),
    getTypeOfSymbolAtLocation: (symbol: SymbolView, node: ast.Node) =>
      t(() => checker.getTypeOfSymbolAtLocation(nativeSymbol(symbol), node)),
    getDeclaredTypeOfSymbol: (symbol: SymbolView) =>
      once("declaredType", symbol, () => t(() => checker.getDeclaredTypeOfSymbol(nativeSymbol(symbol)))),
    getPropertiesOfType: (type: TypeView) =>
      once("properties", type, () => {
        const properties = session.properties(type);
        // Their types are asked next (one by one, as the reader reads each property): ask for all at once.
        const unknown = properties.filter((symbol) => !session.answers.get("typeOfSymbol")?.has(symbol));
        if (unknown.length > 1) {
          const types = session.typesOf(unknown, (batch) => checker.getTypeOfSymbol(batch.map(nativeSymbol)));
          unknown.forEach((symbol, index) => once("typeOfSymbol", symbol, () => types[index] as TypeView));
        }
        return keyOrdered(type, properties);
      }),
    getPropertyOfType: (type: TypeView, name: string) => view.getPropertiesOfType(type).find((symbol) => symbol.name === name),
    getIndexInfosOfType: (type: TypeView) => session.indexInfos(type),
    getBaseTypes: (type: TypeView) => session.baseTypes(type),
    getTypeArguments: (type: TypeView) => session.typeArguments(type),
    isArrayType: (type: TypeView) => session.isArray(type),
    isTupleType: (type: TypeView) => session.isTuple(type),
    typeToString: (type: TypeView, enclosing?: ast.Node, flags?: number): string =>
      type.id < 0
        ? type.isUnion()
          ? type.types.map((member) => view.typeToString(member, enclosing, flags)).join(" | ")
          : String(type.value)
        : enclosing === undefined && flags === undefined
        ? once("typeToString", type, () => checker.typeToString(nativeType(type)))
        : checker.typeToString(nativeType(type), enclosing, flags),
    getConstantValue: (node: ast.Node) => session.constantValue(node),
    getSignatureFromDeclaration: (node: ast.Node) => new SignatureView(node),
    /** A declared return type is its type node's (prefetched); otherwise the checker infers it. */
    getReturnTypeOfSignature: (signature: SignatureView) => {
      const declared = cast<{ type?: ast.TypeNode }>(signature.declaration).type;
      if (declared) return session.typeAt(declared);
      const native = checker.getSignatureFromDeclaration(signature.declaration);
      return native ? t(() => checker.getReturnTypeOfSignature(native)) : undefined;
    },
    /** `Promise<T>` / `PromiseLike<T>` -> T, recursively (TypeScript 7's API has no getAwaitedType). */
    getAwaitedType: (type: TypeView): TypeView => {
      // As TypeScript 6: an unconstrained type parameter may stand for a promise, so it awaits to a
      // different (`Awaited<T>`) type, which no schema reads; unknown stands for it here.
      if (type.flags & sync.TypeFlags.TypeParameter) {
        const constraint = type.getConstraint();
        if (!constraint || constraint.flags & (sync.TypeFlags.Any | sync.TypeFlags.Unknown)) return t(() => checker.getUnknownType()) as TypeView;
      }
      return awaited(type, 0);
    },
    getExportsOfModule: (symbol: SymbolView) =>
      once("exports", symbol, () => checker.getExportsOfModule(nativeSymbol(symbol)).map((s) => session.symbol(s) as SymbolView)),
    getNonNullableType: (type: TypeView) => t(() => checker.getNonNullableType(nativeType(type))),
    getBaseConstraintOfType: (type: TypeView) => t(() => checker.getBaseConstraintOfType(nativeType(type))),
    getApparentType: (type: TypeView) => t(() => checker.getApparentType(nativeType(type))),
  };
  return view;
}

/** The program as TypeScript 6 spells it. */
function programView(session: Session) {
  const checker = checkerView(session);
  const { program } = session.project;
  const defaultLibrary = new Map<string, boolean>();
  let syntactic: Map<string, sync.Diagnostic[]> | undefined;
  return {
    getTypeChecker: () => checker,
    getSourceFile: (fileName: string) => program.getSourceFile(fileName),
    getSourceFiles: () => program.getSourceFileNames().flatMap((name) => program.getSourceFile(name) ?? []),
    getRootFileNames: () => session.project.rootFiles,
    getCompilerOptions: () => session.project.compilerOptions,
    isSourceFileDefaultLibrary: (file: ast.SourceFile) => {
      let known = defaultLibrary.get(file.fileName);
      if (known === undefined) defaultLibrary.set(file.fileName, (known = isBundledLibrary(file.fileName) || (mayBeDefaultLibrary(file) && program.isSourceFileDefaultLibrary(file))));
      return known;
    },
    /** Known by the first declaration's path when that is a library file beside the binary (nothing fetched); else unknown. */
    isDeclaredInDefaultLibrary: (symbol: SymbolView): boolean | undefined => {
      const first = symbol.native.declarations[0];
      return first && isBundledLibrary(first.path) ? true : undefined;
    },
    /** Asked once for the whole program, then handed out per file. */
    getSyntacticDiagnostics: (file: ast.SourceFile) => {
      if (!syntactic) {
        syntactic = new Map();
        for (const diagnostic of program.getSyntacticDiagnostics()) {
          const name = diagnostic.fileName ?? "";
          syntactic.set(name, [...(syntactic.get(name) ?? []), diagnostic]);
        }
      }
      return syntactic.get(file.fileName) ?? [];
    },
  };
}

/** A `lib.*.d.ts` beside the native binary: a default library file, known without asking (one request per file). */
function isBundledLibrary(fileName: string): boolean {
  const exe = ts7Executable();
  if (exe === undefined) return false;
  const slash = fileName.lastIndexOf("/");
  return fileName.slice(0, slash) === dirname(exe) && fileName.startsWith("lib.", slash + 1) && fileName.endsWith(".d.ts");
}

/** Only a declaration file, or a file saying `/// <reference no-default-lib="true"/>`, can be a default library. */
function mayBeDefaultLibrary(file: ast.SourceFile): boolean {
  return file.isDeclarationFile || file.text.includes("no-default-lib");
}

export type NativeProgram = ts6.Program;
export type NativeDiagnostic = sync.Diagnostic;

// ---- the `ts` namespace the reader imports: TypeScript 6's names, TypeScript 7's values ----

const modifierKinds = new Set<number>([
  ast.SyntaxKind.AbstractKeyword,
  ast.SyntaxKind.AccessorKeyword,
  ast.SyntaxKind.AsyncKeyword,
  ast.SyntaxKind.ConstKeyword,
  ast.SyntaxKind.DeclareKeyword,
  ast.SyntaxKind.DefaultKeyword,
  ast.SyntaxKind.ExportKeyword,
  ast.SyntaxKind.InKeyword,
  ast.SyntaxKind.PrivateKeyword,
  ast.SyntaxKind.ProtectedKeyword,
  ast.SyntaxKind.PublicKeyword,
  ast.SyntaxKind.ReadonlyKeyword,
  ast.SyntaxKind.OutKeyword,
  ast.SyntaxKind.OverrideKeyword,
  ast.SyntaxKind.StaticKeyword,
]);

const facade = {
  ...ast,
  SyntaxKind: ast.SyntaxKind,
  NodeFlags: ast.NodeFlags,
  ModifierFlags: ast.ModifierFlags,
  TypeFlags: sync.TypeFlags,
  ObjectFlags: sync.ObjectFlags,
  SymbolFlags: sync.SymbolFlags,
  ElementFlags: sync.ElementFlags,
  isParameter: ast.isParameterDeclaration,
  isPropertySignature: ast.isPropertySignatureDeclaration,
  isMethodSignature: ast.isMethodSignatureDeclaration,
  isTypeAssertionExpression: ast.isTypeAssertion,
  isStringLiteralLike: (node: ast.Node) =>
    node.kind === ast.SyntaxKind.StringLiteral || node.kind === ast.SyntaxKind.NoSubstitutionTemplateLiteral,
  isClassLike: (node: ast.Node) => ast.isClassDeclaration(node) || ast.isClassExpression(node),
  canHaveModifiers: (node: ast.Node) => "modifierFlags" in node || "modifiers" in node,
  getModifiers: (node: ast.Node) =>
    cast<{ modifiers?: readonly ast.Node[] }>(node).modifiers?.filter((modifier) => modifierKinds.has(modifier.kind)),
  getCombinedModifierFlags: (node: ast.Node) => {
    let flags = cast<{ modifierFlags?: number }>(node).modifierFlags ?? 0;
    // A binding element or a variable declaration takes its statement's modifiers, as in TypeScript 6.
    let current: ast.Node | undefined = node;
    while (current && (ast.isBindingElement(current) || ast.isVariableDeclaration(current) || ast.isVariableDeclarationList(current))) {
      current = current.parent;
      flags |= cast<{ modifierFlags?: number }>(current).modifierFlags ?? 0;
    }
    return flags;
  },
  isExternalModule: (file: ast.SourceFile) => cast<{ externalModuleIndicator?: unknown }>(file).externalModuleIndicator !== undefined,
  getTextOfJSDocComment: ast.getTextOfJSDocComment,
  getNameOfDeclaration: (node: ast.Node) => cast<{ name?: ast.Node }>(node).name,
};

/** The reader's `ts`: TypeScript 6's declarations over TypeScript 7's objects. */
export const ts = cast<typeof ts6>(facade);
// Type-level names (TypeScript 6's) for the modules that spell `ts.X` with this `ts`.
export declare namespace ts {
  type Type = ts6.Type;
  type Symbol = ts6.Symbol;
  type Node = ts6.Node;
  type TypeNode = ts6.TypeNode;
  type TypeChecker = ts6.TypeChecker;
  type Program = ts6.Program;
  type SourceFile = ts6.SourceFile;
  type Expression = ts6.Expression;
  type Declaration = ts6.Declaration;
  type TypeReference = ts6.TypeReference;
  type UnionType = ts6.UnionType;
  type IntersectionType = ts6.IntersectionType;
  type InterfaceType = ts6.InterfaceType;
  type TupleType = ts6.TupleType;
  type ObjectType = ts6.ObjectType;
  type ObjectFlags = ts6.ObjectFlags;
  type TypeFlags = ts6.TypeFlags;
  type SyntaxKind = ts6.SyntaxKind;
  type ParameterDeclaration = ts6.ParameterDeclaration;
  type FunctionDeclaration = ts6.FunctionDeclaration;
  type FunctionExpression = ts6.FunctionExpression;
  type ArrowFunction = ts6.ArrowFunction;
  type VariableDeclaration = ts6.VariableDeclaration;
  type ExportDeclaration = ts6.ExportDeclaration;
  type BindingElement = ts6.BindingElement;
  type ObjectBindingPattern = ts6.ObjectBindingPattern;
  type UnionTypeNode = ts6.UnionTypeNode;
  type FunctionTypeNode = ts6.FunctionTypeNode;
  type TypeReferenceNode = ts6.TypeReferenceNode;
  type EntityName = ts6.EntityName;
  type PropertyName = ts6.PropertyName;
  type NumericLiteral = ts6.NumericLiteral;
  type JSDoc = ts6.JSDoc;
}

// ---- opening a project ----

export interface OpenOptions {
  /** Absolute input files: the program's roots. */
  readonly files: readonly string[];
  /** The tsconfig whose compiler options apply (its file list is ignored), if any. */
  readonly tsconfig: string | undefined;
  /** Compiler options (tsconfig JSON spelling) used without a tsconfig, or laid over it. */
  readonly compilerOptions: Readonly<Record<string, unknown>>;
  /** Export conditions to add in front of the tsconfig's own, when its module resolution honours them. */
  readonly conditions: readonly string[];
}

/**
 * For a file about to be read, given its text: the starts of the only top-level statements whose
 * functions will be read (a watch re-reading the functions one edit touched: src/file-readings.ts), or
 * undefined for all of them.
 */
export type PartOf = (fileName: string, text: string) => ReadonlySet<number> | undefined;

export interface OpenedProject {
  readonly program: NativeProgram;
  /** Re-reads changed files from disk (watch mode): the program and checker are replaced. */
  update(changed: readonly string[], files: readonly string[]): void;
  /** Asks ahead, in batches, what reading these files will ask (see Session.prepare). */
  prepare(files: readonly string[], partOf?: PartOf): void;
  /** `prepare` in two halves, the native process working in between (see Session.prepareAhead). */
  prepareAhead(files: readonly string[]): void;
  finishAhead(): void;
  /** The project's own files (see Session.localSourceFiles). */
  localSourceFiles(): readonly ts6.SourceFile[];
  close(): void;
}

/** Problems in the user's tsconfig that would change the analysis (its missing file list is not one). */
const NO_INPUTS_FOUND = 18003;

/**
 * Opens `files` in a native TypeScript 7 process. The program's root files are exactly the inputs:
 * the project is a tsconfig served from memory (next to the user's, which it extends, so relative
 * paths and `@types` lookups resolve as they would there).
 */
export function openProject(options: OpenOptions): OpenedProject {
  const anchor = options.tsconfig ? dirname(options.tsconfig) : dirname(options.files[0] ?? `${process.cwd()}/x`);
  const virtualConfig = `${anchor}/__toolsmith_ts7__.tsconfig.json`;
  let files = [...options.files];
  let configText = "";
  // Only readFile is served: each file system call the native process makes through a callback is a
  // round trip here, one at a time where it would read files in parallel. A `fileExists` callback too,
  // asked on every module resolution probe, made opening the bench's shared-shape project ~30 ms slower
  // (171 against 140 ms, ~400 callbacks against ~250; no difference on 10 files), and the config opens
  // without it.
  const fs: FileSystem = {
    readFile: (fileName) => (fileName === virtualConfig ? configText : undefined),
  };
  const exe = ts7Executable();
  if (exe === undefined) {
    throw new EngineFailure(
      `TypeScript 7's native binary is not installed for ${process.platform}-${process.arch}`,
      `install the optional package @typescript/typescript-${process.platform}-${process.arch} (an install with optional dependencies left out skips it), or use --engine ts6`,
    );
  }
  const api = new sync.API({ cwd: anchor, fs, tsserverPath: exe });
  const pipeline = new Pipeline(cast<{ client: ClientInternals }>(api).client);
  try {
    let extra: Record<string, unknown> = { ...options.compilerOptions };
    if (options.tsconfig) {
      const parsed = api.parseConfigFile(options.tsconfig) as unknown as { options: sync.CompilerOptions };
      const resolution = impliedResolution(parsed.options);
      const own = cast<{ customConditions?: string[] }>(parsed.options).customConditions ?? [];
      if (resolution && options.conditions.some((c) => !own.includes(c))) {
        extra = { ...extra, customConditions: [...options.conditions.filter((c) => !own.includes(c)), ...own] };
      }
    } else {
      extra = { ...extra, customConditions: [...options.conditions] };
    }
    const write = () => {
      configText = JSON.stringify({
        ...(options.tsconfig ? { extends: options.tsconfig } : {}),
        compilerOptions: extra,
        files,
        include: [],
      });
    };
    write();
    let snapshot = api.updateSnapshot({ openProjects: [virtualConfig] });
    let project = snapshot.getProject(virtualConfig);
    if (!project) throw new Error("TypeScript 7 did not open the project");
    const problem = project.program.getConfigFileParsingDiagnostics().find((d) => d.code !== NO_INPUTS_FOUND);
    if (problem) throw new Error(`${basename(options.tsconfig ?? virtualConfig)}: ${flatten(problem)}`);
    let session = new Session(project, pipeline);
    const opened: { program: NativeProgram } = { program: cast<NativeProgram>(programView(session)) };
    return {
      get program() {
        return opened.program;
      },
      prepare: (fileNames, partOf) => session.prepare(fileNames, partOf),
      prepareAhead: (fileNames) => session.prepareAhead(fileNames),
      finishAhead: () => session.finishAhead(),
      localSourceFiles: () => cast<ts6.SourceFile[]>(session.localSourceFiles()),
      update(changed, nextFiles) {
        const rootsChanged = nextFiles.length !== files.length || nextFiles.some((f, i) => f !== files[i]);
        files = [...nextFiles];
        write();
        const previous = snapshot;
        snapshot = api.updateSnapshot({
          fileChanges: { changed: rootsChanged ? [...changed, virtualConfig] : [...changed] },
        });
        previous.dispose();
        pipeline.clear();
        project = snapshot.getProject(virtualConfig);
        if (!project) throw new Error("TypeScript 7 lost the project");
        session = new Session(project, pipeline);
        opened.program = cast<NativeProgram>(programView(session));
      },
      close: () => {
        pipeline.report();
        try {
          snapshot.dispose();
        } catch {
          // the process is gone (an EngineFailure is on its way up): closing below cleans up
        }
        closeGracefully(api);
      },
    };
  } catch (error) {
    try {
      api.close();
    } catch {
      // the process is gone: the error below says why
    }
    throw error;
  }
}

/**
 * Ends the native process by closing its input and waiting for it to exit (a few ms), rather than the
 * API's `close()` alone, which kills it: a killed process may print "context canceled" on the stderr it
 * shares with us. Reaches into the API client's channel; should a TypeScript 7 release rename it, this
 * falls back to `close()`.
 */
function closeGracefully(api: sync.API): void {
  const channel = cast<{ client?: { channel?: { child?: { stdin?: { destroy(): void } }; readFd?: number } } }>(api).client?.channel;
  if (channel?.child?.stdin && typeof channel.readFd === "number" && channel.readFd >= 0) {
    try {
      channel.child.stdin.destroy();
      const buffer = Buffer.alloc(16_384);
      // Blocking reads until end of file: the process closes its output as it exits.
      while (readSync(channel.readFd, buffer) > 0);
    } catch {
      // already gone: close() below cleans up
    }
  }
  api.close();
}

function impliedResolution(options: sync.CompilerOptions): boolean {
  const record = cast<{ moduleResolution?: number; module?: number }>(options);
  const resolution = record.moduleResolution;
  // Node16 = 3, NodeNext = 99, Bundler = 100 (the same numbers in TypeScript 6 and 7).
  if (resolution !== undefined) return resolution === 3 || resolution === 99 || resolution === 100;
  const module = record.module;
  if (module === undefined) return false;
  return module === 200 /* Preserve */ || (module >= 100 && module <= 199);
}

function flatten(diagnostic: sync.Diagnostic): string {
  return diagnostic.text;
}

/** A diagnostic's message, TypeScript 6's `flattenDiagnosticMessageText` of it. */
export function diagnosticMessage(diagnostic: NativeDiagnostic): string {
  const chain = (d: sync.Diagnostic, indent: number): string =>
    [`${"  ".repeat(indent)}${d.text}`, ...(d.messageChain ?? []).map((c) => chain(c, indent + 1))].join("\n");
  return chain(diagnostic, 0);
}

function dirname(file: string): string {
  const index = file.lastIndexOf("/");
  return index <= 0 ? "/" : file.slice(0, index);
}

function basename(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

export type { AnyFn };
