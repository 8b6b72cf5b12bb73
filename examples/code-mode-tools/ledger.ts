// A tool that needs a human's approval, for the code-mode example: code can call it in a loop, and the
// user is asked for every call.
const balances = new Map<string, number>([
  ["alice", 100],
  ["bob", 50],
]);

/**
 * Moves `amount` from one account to another and returns the new balances.
 * @param amount Whole units to move (positive).
 * @param from Account to take from.
 * @param to Account to pay into.
 * @confirm
 */
export function transfer(amount: number, from: string, to: string): Record<string, number> {
  if (!Number.isInteger(amount) || amount <= 0) throw new Error("amount must be a positive whole number");
  const have = balances.get(from) ?? 0;
  if (have < amount) throw new Error(`${from} has only ${have}`);
  balances.set(from, have - amount);
  balances.set(to, (balances.get(to) ?? 0) + amount);
  return Object.fromEntries(balances);
}

/**
 * The balance of an account (0 for an unknown one).
 * @param account Account name.
 */
export function balance(account: string): number {
  return balances.get(account) ?? 0;
}
