/**
 * Local names in a generated module: one per imported function and per args type, never clashing with
 * each other, with the module's own declarations, or with reserved words.
 */
const RESERVED_WORDS = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally " +
    "for function if import in instanceof new null return super switch this throw true try typeof var void " +
    "while with yield let static implements interface package private protected public await arguments eval " +
    "undefined"
  ).split(" "),
);

/** A name asked for and the name handed out for it. */
export interface Allocation {
  readonly preferred: string;
  readonly name: string;
}

export class NameAllocator {
  private readonly taken: Set<string>;
  private readonly handedOut: Allocation[] = [];
  /** Set once a branch shares its names: it hands out no more. */
  private branched = false;

  constructor(
    reserved: Iterable<string>,
    /** The allocator this one branched from (`branch`), whose names are taken here too. */
    private readonly parent?: NameAllocator,
  ) {
    this.taken = new Set(reserved);
  }

  /** `preferred` if it is free, else the first free `preferred_`, `preferred2`, `preferred3`, ... */
  allocate(preferred: string): string {
    this.assertOpen();
    const name = this.firstFree(preferred, this);
    this.taken.add(name);
    this.handedOut.push({ preferred, name });
    return name;
  }

  /** Every name `allocate` has handed out, in order. */
  allocated(): string[] {
    return [...(this.parent?.allocated() ?? []), ...this.handedOut.map((allocation) => allocation.name)];
  }

  /**
   * An allocator that goes on from where this one is, sharing its names rather than copying them (a
   * watch's module starts each cycle's printing from the same names): this one hands out no more.
   */
  branch(): NameAllocator {
    this.branched = true;
    return new NameAllocator([], this);
  }

  /** How many names have been handed out: a mark for `since`. */
  get count(): number {
    return (this.parent?.count ?? 0) + this.handedOut.length;
  }

  /** The allocations made after `mark`, in order. */
  since(mark: number): Allocation[] {
    const inherited = this.parent?.count ?? 0;
    if (mark >= inherited) return this.handedOut.slice(mark - inherited);
    return [...(this.parent?.since(mark) ?? []), ...this.handedOut];
  }

  /** Whether `name` is taken, here or where this allocator branched from. */
  has(name: string): boolean {
    return this.taken.has(name) || (this.parent?.has(name) ?? false);
  }

  /**
   * Makes `previous` again, one after the other, if each preferred name would get the same name as it did
   * then (what a printer that asks for the same names would get); otherwise hands out nothing.
   */
  reallocate(previous: readonly Allocation[]): boolean {
    this.assertOpen();
    const tentative = new Set<string>();
    const takenNow = { has: (name: string) => this.has(name) || tentative.has(name) };
    for (const { preferred, name } of previous) {
      if (this.firstFree(preferred, takenNow) !== name) return false;
      tentative.add(name);
    }
    for (const allocation of previous) {
      this.taken.add(allocation.name);
      this.handedOut.push(allocation);
    }
    return true;
  }

  private assertOpen(): void {
    if (this.branched) throw new Error("a name allocator that has branched hands out no more names");
  }

  /** The name `allocate` hands out for `preferred` when `taken` are taken. */
  private firstFree(preferred: string, taken: { has(name: string): boolean }): string {
    let candidate = RESERVED_WORDS.has(preferred) ? `${preferred}_` : preferred;
    for (let n = 2; taken.has(candidate); n++) candidate = `${preferred}${n}`;
    return candidate;
  }
}

/** `sums` -> `Sums`, `read_file` -> `ReadFile`, `$x` -> `X`: the stem of a tool's generated type names. */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
  return /^[0-9]/.test(joined) || joined === "" ? `Tool${joined}` : joined;
}

/** `read-file` -> `readFile`: an identifier for a tool whose name is not one. */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}
