/**
 * Bounds how many batches one ETL process holds prepared or being written, whatever the number of partitions it
 * loads: a batch takes a slot when its preparation starts and gives it back when its write returns. With two slots,
 * one partition's batch is written while the next one (of any partition) is prepared, as with a single consumer.
 */
export class BatchSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(slots: number) {
    this.free = slots;
  }

  /** Resolves with the function that gives the slot back (once; later calls do nothing). */
  async take(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
