/** The V8 flags a command of the bin runs with, or undefined for V8's defaults (see v8-tuning.cjs). */
export declare function v8FlagsFor(argv: readonly string[], v8Version: string): string | undefined;
/** Sets the command's V8 flags in this process. */
export declare function tuneV8(argv: readonly string[]): void;
