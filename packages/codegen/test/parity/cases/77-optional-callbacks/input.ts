import type { Int } from "@toolsmith/runtime";

export interface Locale {
  code: string;
  formatDistance(a: Date, b: Date): string;
}

export interface Retry {
  attempts: Int;
  onRetry?: (attempt: number) => void;
}

export interface UploadOptions {
  /** Bytes per chunk. */
  chunkSize?: Int;
  onProgress?: (sent: number, total: number) => void;
  locale?: Locale;
  retry?: Retry;
}

/** Uploads a file; optional callbacks cannot come from a model and are left out. */
export function upload(path: string, options?: UploadOptions, onDone?: (ok: boolean) => void, tag: string = "x"): string {
  onDone?.(true);
  return `${path} ${options?.chunkSize} ${tag}`;
}
