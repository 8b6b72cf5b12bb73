import type { Int } from "@toolsmith/runtime";

export interface Order {
  /**
   * Units, in packs of six.
   * @multipleOf 6
   * @minimum 6
   */
  units: Int;
  /** @multipleOf 0.25 */
  weight?: number;
}

/**
 * Places an order.
 * @param quantity How many, in dozens.
 */
export function order(
  /** @multipleOf 12 */ quantity: Int,
  /** @multipleOf 0.5 @maximum 10 */ price: number = 1.5,
  /** @multipleOf 5 */ discount?: Int,
  details?: Order,
): string {
  return `${quantity} ${price} ${discount} ${details?.units}`;
}
