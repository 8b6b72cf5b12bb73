import type { Int } from "@toolsmith/runtime";

/** Multiplies two matrices. */
export function matmul(left: number[][], right: Array<Array<number>>, shape: Int[][][]): number[][] {
  return shape.length ? left : right;
}
