/**
 * An engine's compiler failed on its own - TypeScript 7's native process ended, or its channel broke -
 * rather than anything in the user's project. Engine-neutral, so that the shared analysis can tell it
 * apart from a project problem without loading the engine.
 */
export class EngineFailure extends Error {
  override readonly name = "EngineFailure";

  constructor(
    message: string,
    /** What the user can do about it. */
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * An engine could not deliver a number literal type or enum member because its number is not finite
 * (TypeScript 7's API writes answers as JSON, which has no Infinity or NaN: the native process refuses
 * such an answer, and goes on). The reader reports it as TypeScript 6's engine does when it meets the
 * number itself (reader/handlers/literal.ts `finite`): at the parameter that uses it.
 */
export class NonFiniteNumber extends Error {
  override readonly name = "NonFiniteNumber";

  constructor(
    /** Infinity, -Infinity or NaN. */
    readonly value: number,
    options?: { cause?: unknown },
  ) {
    super(`the number ${String(value)} cannot be sent`, options);
  }
}

/** What `attempt` gives, or - when it meets a number the engine cannot deliver - what `instead` makes of that number. */
export function unlessNonFinite<T>(attempt: () => T, instead: (value: number) => T): T {
  try {
    return attempt();
  } catch (error) {
    if (!(error instanceof NonFiniteNumber)) throw error;
    return instead(error.value);
  }
}
