/** An amount of money. */
export class Money {
  constructor(
    public amount: number,
    /** ISO 4217 code. */
    public currency: string = "USD",
  ) {}
}

/** Pays. */
export function pay(m: Money): string {
  return `${m.amount} ${m.currency}`;
}
