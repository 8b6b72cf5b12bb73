// Where a model's broken JSON breaks, said the same way on every Node version (V8's own messages vary and
// often give no position). Runs only after JSON.parse has failed, so it can afford to be simple.

export interface JsonSyntaxError {
  /** Offset into the text where parsing could not go on. */
  readonly position: number;
  /** What was expected there, e.g. `',' or '}'`. */
  readonly expected: string;
}

/** Locates the first syntax error in `text`, or undefined when it is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (expected: string): never => {
    throw { position: i, expected } satisfies JsonSyntaxError;
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`"${word}"`);
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail("a closing quote (raw control characters must be escaped)");
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail("4 hex digits after \\u");
          i += 5;
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? "")) fail("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
      }
      i++;
    }
    if (i >= text.length) fail("a closing quote");
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail("a number");
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("a double-quoted property name");
        string();
        ws();
        if (text[i] !== ":") fail("':' after the property name");
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail("',' or '}' after a property value");
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail("',' or ']' after an array item");
      }
    }
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return number();
    fail(c === undefined ? "a value (the text ends early)" : "a value");
  };
  try {
    value();
    ws();
    if (i < text.length) fail("the end of the text (there is more after the value)");
    return undefined;
  } catch (error) {
    if (typeof error === "object" && error !== null && "position" in error) return error as JsonSyntaxError;
    throw error;
  }
}

/** `expected ',' or '}' after a property value at position 8: {"a": 6 ⟪here⟫"b": 3}` */
export function describeJsonError(text: string): string {
  const error = locateJsonError(text);
  if (!error) return "not valid JSON";
  const before = text.slice(Math.max(0, error.position - 30), error.position);
  const after = text.slice(error.position, error.position + 30);
  const lead = error.position > 30 ? "…" : "";
  const tail = error.position + 30 < text.length ? "…" : "";
  const where = error.position >= text.length ? `at the end: ${lead}${before}⟪here⟫` : `at position ${error.position}: ${lead}${before}⟪here⟫${after}${tail}`;
  return `expected ${error.expected} ${where}`;
}
