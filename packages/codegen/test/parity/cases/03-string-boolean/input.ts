/** Greets someone by name. */
export function greet(name: string, shout: boolean): string {
  const text = `Hello, ${name}`;
  return shout ? text.toUpperCase() : text;
}
