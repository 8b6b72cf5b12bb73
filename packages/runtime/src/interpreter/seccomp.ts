// A small seccomp filter for native sandboxes (classic BPF, as bubblewrap's --seccomp takes it): system
// calls a sandboxed interpreter never needs and that widen the kernel's attack surface or reach other
// processes fail with EPERM. Another architecture's calls (i386 via int 0x80 on x86_64) end the process.
import { arch } from "node:process";

const BPF_LD_W_ABS = 0x20;
const BPF_JEQ_K = 0x15;
const BPF_JGE_K = 0x35;
const BPF_RET_K = 0x06;
const RET_ALLOW = 0x7fff0000;
const RET_KILL_PROCESS = 0x80000000;
const RET_EPERM = 0x00050000 | 1;

/** The blocked calls, by name, and their numbers per architecture. */
const BLOCKED: Record<string, { x64: number; arm64: number }> = {
  ptrace: { x64: 101, arm64: 117 },
  process_vm_readv: { x64: 310, arm64: 270 },
  process_vm_writev: { x64: 311, arm64: 271 },
  perf_event_open: { x64: 298, arm64: 241 },
  bpf: { x64: 321, arm64: 280 },
  userfaultfd: { x64: 323, arm64: 282 },
  keyctl: { x64: 250, arm64: 219 },
  add_key: { x64: 248, arm64: 217 },
  request_key: { x64: 249, arm64: 218 },
  kexec_load: { x64: 246, arm64: 104 },
  kexec_file_load: { x64: 320, arm64: 294 },
  init_module: { x64: 175, arm64: 105 },
  finit_module: { x64: 313, arm64: 273 },
  delete_module: { x64: 176, arm64: 106 },
  mount: { x64: 165, arm64: 40 },
  umount2: { x64: 166, arm64: 39 },
  pivot_root: { x64: 155, arm64: 41 },
  swapon: { x64: 167, arm64: 224 },
  swapoff: { x64: 168, arm64: 225 },
  reboot: { x64: 169, arm64: 142 },
  unshare: { x64: 272, arm64: 97 },
  setns: { x64: 308, arm64: 268 },
  syslog: { x64: 103, arm64: 116 },
  acct: { x64: 163, arm64: 89 },
  io_uring_setup: { x64: 425, arm64: 425 },
  io_uring_enter: { x64: 426, arm64: 426 },
  io_uring_register: { x64: 427, arm64: 427 },
};
export const SECCOMP_BLOCKED = Object.keys(BLOCKED);

const AUDIT_ARCH = { x64: 0xc000003e, arm64: 0xc00000b7 } as const;
const X32_SYSCALL_BIT = 0x40000000;

function instruction(code: number, jt: number, jf: number, k: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeUInt16LE(code, 0);
  buffer.writeUInt8(jt, 2);
  buffer.writeUInt8(jf, 3);
  buffer.writeUInt32LE(k >>> 0, 4);
  return buffer;
}

/** The compiled filter for this machine's architecture; undefined where it is not known (no filter then). */
export function seccompFilter(machine: string = arch): Buffer | undefined {
  if (machine !== "x64" && machine !== "arm64") return undefined;
  const numbers = Object.values(BLOCKED).map((calls) => calls[machine]);
  const program: Buffer[] = [];
  // [0] arch; [1] wrong arch -> kill (jump over everything to the kill at the end)
  program.push(instruction(BPF_LD_W_ABS, 0, 0, 4));
  const checks = numbers.length + (machine === "x64" ? 1 : 0);
  // layout after [1]: [2] load nr, [3..] checks, then ALLOW, EPERM, KILL
  program.push(instruction(BPF_JEQ_K, 0, checks + 3, AUDIT_ARCH[machine]));
  program.push(instruction(BPF_LD_W_ABS, 0, 0, 0));
  let remaining = checks;
  if (machine === "x64") {
    // x32 ABI calls carry bit 30: refuse them all rather than list each again
    remaining -= 1;
    program.push(instruction(BPF_JGE_K, remaining + 1, 0, X32_SYSCALL_BIT));
  }
  for (const number of numbers) {
    remaining -= 1;
    program.push(instruction(BPF_JEQ_K, remaining + 1, 0, number));
  }
  program.push(instruction(BPF_RET_K, 0, 0, RET_ALLOW));
  program.push(instruction(BPF_RET_K, 0, 0, RET_EPERM));
  program.push(instruction(BPF_RET_K, 0, 0, RET_KILL_PROCESS));
  return Buffer.concat(program);
}
