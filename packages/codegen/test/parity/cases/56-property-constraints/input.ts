import type { Int } from "@toolsmith/runtime";

export interface Product {
  /**
   * @minLength 1
   * @maxLength 80
   */
  name: string;
  /** @exclusiveMinimum 0 */
  price: number;
  /**
   * @minimum 0
   * @maximum 1000
   */
  stock: Int;
  /** @pattern ^[A-Z]{3}-[0-9]{3}$ */
  sku: string;
  /**
   * @minItems 1
   * @maxItems 5
   */
  tags: string[];
  /** @format uri */
  homepage?: string;
  readonly categories: readonly string[];
}

/** Adds a product to the catalogue. */
export function addProduct(product: Product): string {
  return product.sku;
}
