/** Polls until `check` holds; fails with the last observed value instead of hanging (no timing assertion). */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, what: string, tries = 400): Promise<T> {
  let last: T = await read();
  for (let i = 0; i < tries && !check(last); i++) {
    await new Promise((r) => setTimeout(r, 25));
    last = await read();
  }
  if (!check(last)) throw new Error(`${what} never happened; last: ${JSON.stringify(last)}`);
  return last;
}
