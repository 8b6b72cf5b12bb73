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
