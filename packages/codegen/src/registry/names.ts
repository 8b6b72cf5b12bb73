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

export class NameAllocator {
  private readonly taken: Set<string>;
  private readonly handedOut: string[] = [];

  constructor(reserved: Iterable<string>) {
    this.taken = new Set(reserved);
  }

  /** `preferred` if it is free, else the first free `preferred_`, `preferred2`, `preferred3`, ... */
  allocate(preferred: string): string {
    let candidate = RESERVED_WORDS.has(preferred) ? `${preferred}_` : preferred;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${preferred}${n}`;
    this.taken.add(candidate);
    this.handedOut.push(candidate);
    return candidate;
  }

  /** Every name `allocate` has handed out, in order. */
  allocated(): readonly string[] {
    return this.handedOut;
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
