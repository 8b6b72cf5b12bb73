import { cpus, freemem, loadavg, totalmem } from "node:os";

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly date: string;
  /** 1-minute load average when the run started: how busy the machine was. */
  readonly load: number;
  readonly freeGiB: number;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpu: list[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    load: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    freeGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
  };
}
