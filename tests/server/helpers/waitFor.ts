/**
 * Polls `check` until it returns without throwing (and not `false`); rethrows the last failure on
 * timeout. The deadline is generous because test files run two at a time on a shared machine; a
 * passing check returns at once, so only a failing test waits it out.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 15_000,
  intervalMs = 10,
): Promise<Exclude<T, false>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = new Error("condition stayed false");
  for (;;) {
    try {
      const result = await check();
      if (result !== false) return result as Exclude<T, false>;
      lastError = new Error("condition stayed false");
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
