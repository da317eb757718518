/** Poll until `check` returns without throwing (and not `false`); rethrows its last error at the deadline. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = new Error("condition never held");
  for (;;) {
    try {
      const value = await check();
      if (value !== false) return value;
      lastError = new Error("condition returned false");
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
