// The bubblewrap sandbox's limits from a backend's options: CPython and a local Jupyter kernel resolve the
// same options with the same defaults (only the process count differs), so they resolve them here.
import type { SandboxLimits } from "./bubblewrap.js";
import type { SandboxSessionOptions } from "./session.js";

const MiB = 2 ** 20;

export interface ResolvedSandboxLimits {
  /** The rlimits of each process inside. */
  readonly limits: SandboxLimits;
  /** Size of the private /tmp. */
  readonly tmpSizeBytes: number;
  /** Resident memory of all the sandbox's processes together, past which the host stops them. */
  readonly totalMemoryBytes: number;
}

/** `options`' limits, defaults filled in; `maxProcesses` is the backend's default process count. */
export function sandboxLimits(options: SandboxSessionOptions, defaults: { readonly maxProcesses: number }): ResolvedSandboxLimits {
  const memoryLimitMb = options.memoryLimitMb ?? 2048;
  return {
    limits: {
      cpuSeconds: options.cpuSeconds ?? 600,
      addressSpaceBytes: memoryLimitMb * MiB,
      processes: options.maxProcesses ?? defaults.maxProcesses,
      fileSizeBytes: (options.maxFileSizeMb ?? 64) * MiB,
    },
    tmpSizeBytes: (options.tmpSizeMb ?? 256) * MiB,
    totalMemoryBytes: (options.totalMemoryLimitMb ?? memoryLimitMb + 512) * MiB,
  };
}
