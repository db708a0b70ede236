export type ReadinessCheck = () => Promise<void> | void;

/** Named checks behind /readyz; a check throws to say "not ready" and why. */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Once shutdown begins the service reports not ready, so the load balancer stops sending work. */
  markDraining(): void {
    this.draining = true;
  }

  async evaluate(timeoutMs = 2000): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const results: Record<string, string> = {};
    if (this.draining) results.shutdown = 'draining';
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          await Promise.race([
            Promise.resolve(check()),
            new Promise((_, rej) =>
              setTimeout(() => rej(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs).unref(),
            ),
          ]);
          results[name] = 'ok';
        } catch (e) {
          results[name] = (e as Error).message;
        }
      }),
    );
    return { ready: Object.values(results).every((r) => r === 'ok'), checks: results };
  }
}
