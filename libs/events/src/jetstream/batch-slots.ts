/**
 * Bounds how many batches the batch consumers that share it hold at once (see BatchConsumerSpec.slots): a batch takes
 * a slot before it is filled beyond its first message and gives it back once it is written. With two slots, one
 * batch is written while the next one (of any consumer) is filled and prepared, as with a single consumer.
 */
export class BatchSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(slots: number) {
    if (!Number.isInteger(slots) || slots < 1)
      throw new RangeError(`batch slots must be a whole number >= 1: ${slots}`);
    this.free = slots;
  }

  /**
   * Resolves, in arrival order, with the function that gives the slot back (once; later calls do nothing). Rejects
   * with the signal's reason if it is aborted while waiting.
   */
  async take(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.free > 0) this.free--;
    else await this.queue(signal);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }

  private queue(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const granted = () => {
        signal?.removeEventListener('abort', abandoned);
        resolve();
      };
      const abandoned = () => {
        this.waiting.splice(this.waiting.indexOf(granted), 1);
        reject(signal!.reason);
      };
      this.waiting.push(granted);
      signal?.addEventListener('abort', abandoned, { once: true });
    });
  }
}
