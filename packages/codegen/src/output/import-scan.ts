/**
 * The module specifiers a TypeScript file imports - `import ... from "x"`, `import "x"`, `import("x")`,
 * `import x = require("x")`, `export ... from "x"` - found by a small tokenizer that steps over comments,
 * strings, template literals and regular expressions, as `ts.preProcessFile` does, without loading a
 * compiler: watch mode follows an input's local imports before any engine runs.
 */

/** Every import specifier in `text`, in order. */
export function importSpecifiers(text: string): string[] {
  const tokens = tokenize(text);
  const found: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind !== "word" || (token.text !== "import" && token.text !== "export")) continue;
    if (tokens[i - 1]?.text === ".") continue; // `x.import`, `import.meta` is handled below
    const next = tokens[i + 1];
    if (token.text === "import" && next?.kind === "string") {
      found.push(next.text);
      continue;
    }
    if (token.text === "import" && next?.text === "(" && tokens[i + 2]?.kind === "string") {
      found.push((tokens[i + 2] as Token).text);
      continue;
    }
    // A declaration's clause: names, braces, commas, `*`, `as`, `type`, `=`, then `from "x"` / `require("x")`.
    for (let j = i + 1; j < tokens.length && j < i + 512; j++) {
      const current = tokens[j] as Token;
      if (current.kind === "string") {
        const before = tokens[j - 1]?.text;
        const isRequire = before === "(" && tokens[j - 2]?.text === "require" && tokens[j - 3]?.text === "=";
        if (before === "from" || (token.text === "import" && isRequire)) found.push(current.text);
        break;
      }
      if (current.kind === "word" || CLAUSE_PUNCTUATION.has(current.text)) continue;
      if (current.text === "(" && tokens[j - 1]?.text === "require") continue;
      break;
    }
  }
  return found;
}

const CLAUSE_PUNCTUATION = new Set(["{", "}", ",", "*", "="]);

interface Token {
  readonly kind: "word" | "string" | "punct";
  readonly text: string;
}

/** Words (numbers too), string literals (their value) and punctuation; comments, templates and regexes are skipped. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  /** Brace depths at which an open template's `${` began: `}` at that depth resumes the template. */
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const regexAllowed = (): boolean => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    if (last.kind === "word") return REGEX_AFTER_WORDS.has(last.text);
    if (last.kind === "string") return false;
    return !(last.text === ")" || last.text === "]" || last.text === "}");
  };
  const skipTemplate = (): void => {
    // From just after "`" or a template's "}": to the closing "`", or into a "${".
    while (i < text.length) {
      const char = text[i];
      if (char === "\\") i += 2;
      else if (char === "`") {
        i++;
        return;
      } else if (char === "$" && text[i + 1] === "{") {
        i += 2;
        templates.push(depth);
        depth++;
        return;
      } else i++;
    }
  };
  while (i < text.length) {
    const char = text[i] as string;
    if (char === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    } else if (char === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (char === '"' || char === "'") {
      let value = "";
      let j = i + 1;
      while (j < text.length && text[j] !== char && text[j] !== "\n") {
        if (text[j] === "\\") {
          value += text[j + 1] ?? "";
          j += 2;
        } else value += text[j++];
      }
      tokens.push({ kind: "string", text: value });
      i = j + 1;
    } else if (char === "`") {
      i++;
      skipTemplate();
      tokens.push({ kind: "punct", text: "`" });
    } else if (char === "/" && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== "\n") {
        if (text[j] === "\\") j++;
        else if (text[j] === "[") inClass = true;
        else if (text[j] === "]") inClass = false;
        else if (text[j] === "/" && !inClass) break;
        j++;
      }
      i = j + 1;
      while (i < text.length && /[A-Za-z]/.test(text[i] as string)) i++;
      tokens.push({ kind: "punct", text: "/regex/" });
    } else if (/[\w$\u0080-\uffff]/.test(char)) {
      let j = i + 1;
      while (j < text.length && /[\w$\u0080-\uffff]/.test(text[j] as string)) j++;
      tokens.push({ kind: "word", text: text.slice(i, j) });
      i = j;
    } else if (/\s/.test(char)) {
      i++;
    } else {
      if (char === "{") depth++;
      else if (char === "}") {
        depth--;
        if (templates.length > 0 && templates[templates.length - 1] === depth) {
          templates.pop();
          i++;
          skipTemplate();
          continue;
        }
      }
      tokens.push({ kind: "punct", text: char });
      i++;
    }
  }
  return tokens;
}

/** After these words an operand starts, so `/` opens a regular expression rather than dividing. */
const REGEX_AFTER_WORDS = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);
