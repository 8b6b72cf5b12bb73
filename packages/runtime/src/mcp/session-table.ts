// Which MCP sessions an HTTP server keeps: at most `max`, each closed after `idleMs` without a request, and
// a newcomer at the cap makes room only by closing a session that is neither young nor recently used:
// between its initialize reply and its client's next request a session looks idle, and closing it then
// would lose a client that just connected (the SDK client does not initialize again).

export interface SessionLimits {
  readonly max: number;
  readonly idleMs: number;
  /** A session younger than this, or with a request in the last `graceMs`, is never closed for a newcomer. */
  readonly graceMs: number;
}

export interface TableEntry {
  id?: string;
  /** Requests whose responses are still open (a client's GET event stream counts while it is connected). */
  inFlight: number;
  readonly openedAt: number;
  /** When a request last started or finished. */
  lastRequestAt: number;
  timer?: NodeJS.Timeout;
  ended: boolean;
}

export type Admission = { readonly admitted: true; release(): void } | { readonly admitted: false; readonly retryAfterSeconds: number };

export class SessionTable<Entry extends TableEntry> {
  private readonly byId = new Map<string, Entry>();
  /** Admitted sessions whose initialize has not finished yet: they hold a slot too. */
  private opening = 0;

  constructor(
    private readonly limits: SessionLimits,
    /** Closes a session (its server, transport and tools); the table has already forgotten it. */
    private readonly close: (entry: Entry) => void,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  entries(): Entry[] {
    return [...this.byId.values()];
  }

  /**
   * Reserves a slot for a new session, closing an evictable one at the cap; call only for a valid,
   * authenticated initialize. `release` gives the reservation back (the session is then `add`ed or failed).
   */
  admit(now = Date.now()): Admission {
    if (this.byId.size + this.opening >= this.limits.max) {
      const victim = this.evictable(now);
      if (victim === undefined) return { admitted: false, retryAfterSeconds: this.retryAfter(now) };
      this.end(victim);
    }
    this.opening++;
    let held = true;
    return {
      admitted: true,
      release: () => {
        if (held) this.opening--;
        held = false;
      },
    };
  }

  add(id: string, entry: Entry): void {
    entry.id = id;
    this.byId.set(id, entry);
  }

  /** Counts a request in flight; the returned function marks it finished (idle time starts after the last). */
  track(entry: Entry, now = Date.now()): () => void {
    entry.inFlight++;
    entry.lastRequestAt = now;
    clearTimeout(entry.timer);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      entry.inFlight--;
      entry.lastRequestAt = Date.now();
      if (entry.inFlight === 0 && !entry.ended) {
        entry.timer = setTimeout(() => this.end(entry), this.limits.idleMs);
        entry.timer.unref();
      }
    };
  }

  /** Forgets and closes a session (once). */
  end(entry: Entry): void {
    if (entry.ended) return;
    entry.ended = true;
    clearTimeout(entry.timer);
    if (entry.id !== undefined && this.byId.get(entry.id) === entry) this.byId.delete(entry.id);
    this.close(entry);
  }

  endAll(): void {
    for (const entry of this.entries()) this.end(entry);
  }

  /** The session idle longest, among those past the grace period with no request open. */
  private evictable(now: number): Entry | undefined {
    let oldest: Entry | undefined;
    for (const entry of this.byId.values()) {
      if (entry.inFlight > 0 || this.protectedUntil(entry) > now) continue;
      if (oldest === undefined || entry.lastRequestAt < oldest.lastRequestAt) oldest = entry;
    }
    return oldest;
  }

  private protectedUntil(entry: Entry): number {
    return Math.max(entry.openedAt, entry.lastRequestAt) + this.limits.graceMs;
  }

  /** Seconds until some session could make room: the soonest end of a grace period among idle sessions. */
  private retryAfter(now: number): number {
    let soonest = Number.POSITIVE_INFINITY;
    for (const entry of this.byId.values()) if (entry.inFlight === 0) soonest = Math.min(soonest, this.protectedUntil(entry));
    const waitMs = Number.isFinite(soonest) ? soonest - now : this.limits.graceMs;
    return Math.max(1, Math.ceil(waitMs / 1000));
  }
}
