import { JetStreamApiError } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { EventBus } from '@justfit/events';
import type { Logger } from 'pino';

export const PARTITIONS_BUCKET = 'justfit_etl_partitions';

export interface PartitionLeasesOptions {
  bus: EventBus;
  /** This replica's name in the bucket (unique per process). */
  replicaId: string;
  partitions: number;
  /** A lease not renewed for this long lapses, and another replica may take the partition. */
  leaseMs: number;
  /** Stream replicas of the bucket (as the event streams'). */
  replicas: number;
  logger: Logger;
  /** Starts loading a partition this replica now owns. */
  acquired(partition: number): Promise<void>;
  /** Stops loading a partition (draining what it holds) before its lease is given up, or after it was lost. */
  released(partition: number): Promise<void>;
}

/** Leases are renewed at least this often (more often when short). */
export const MAX_RENEW_EVERY_MS = 5000;

const partitionKey = (partition: number) => `partition.${partition}`;
const memberKey = (replicaId: string) => `member.${replicaId}`;

/**
 * Which ETL replica loads which RAW partition, so each partition (and so each connection's samples) has one writer.
 * A NATS key-value bucket whose entries expire after the lease time holds one key per partition (its owner, created
 * only if absent, renewed with compare-and-set on its revision) and one key per live replica. Each replica aims at
 * its fair share (see fairShare): it gives up partitions above it (after draining them) and claims free ones below
 * it. A replica that dies stops renewing: its member key and leases lapse, and the others take its
 * partitions over.
 *
 * The lease outlasts the consumers' ack wait, so by the time a partition is taken over, every message the dead
 * replica held is due for redelivery and comes first: the partition is still loaded in stream order.
 */
export class PartitionLeases {
  private kv?: KV;
  /** Partition → the lease's revision and when it was last renewed. */
  private readonly owned = new Map<number, { revision: number; renewedAt: number }>();
  private timer?: NodeJS.Timeout;
  private ticking: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(private readonly opts: PartitionLeasesOptions) {}

  /** The partitions held now, ascending. */
  held(): number[] {
    return [...this.owned.keys()].sort((a, b) => a - b);
  }

  async start(): Promise<void> {
    this.kv = await new Kvm(this.opts.bus.nc).create(PARTITIONS_BUCKET, {
      history: 1,
      ttl: this.opts.leaseMs,
      replicas: this.opts.replicas,
    });
    await this.tick();
    this.timer = setInterval(() => {
      this.ticking = this.ticking.then(() => this.tick());
    }, this.renewEveryMs());
  }

  /** Drains and gives up every partition, so the other replicas take them over at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.ticking;
    for (const partition of this.held()) await this.giveUp(partition);
    await this.kv?.delete(memberKey(this.opts.replicaId)).catch(() => undefined);
  }

  private renewEveryMs(): number {
    return Math.max(200, Math.min(MAX_RENEW_EVERY_MS, Math.floor(this.opts.leaseMs / 4)));
  }

  private async tick(): Promise<void> {
    if (this.stopping || !this.kv) return;
    const kv = this.kv;
    try {
      await kv.put(memberKey(this.opts.replicaId), String(Date.now()));
      for (const [partition, lease] of this.owned) {
        const now = Date.now();
        try {
          const revision = await kv.update(partitionKey(partition), this.opts.replicaId, lease.revision);
          this.owned.set(partition, { revision, renewedAt: now });
        } catch (err) {
          // A renewal that went unanswered (a slow or electing server) is tried again at the next tick, as long as
          // the lease may still hold; a refused one (another revision: the lease lapsed and was taken) is lost.
          const refused = err instanceof JetStreamApiError;
          if (!refused && now - lease.renewedAt < this.opts.leaseMs - 2 * this.renewEveryMs()) continue;
          this.opts.logger.warn({ err, partition }, 'lost the lease of a RAW partition; stopping its consumer');
          this.owned.delete(partition);
          await this.opts.released(partition);
        }
      }
      const target = await this.fairShare(kv);
      for (const partition of this.held().reverse()) {
        if (this.owned.size <= target) break;
        await this.giveUp(partition);
      }
      for (let partition = 0; partition < this.opts.partitions && this.owned.size < target; partition++) {
        if (this.owned.has(partition)) continue;
        const claimedAt = Date.now();
        const revision = await kv.create(partitionKey(partition), this.opts.replicaId).catch(() => undefined);
        if (revision === undefined) continue;
        this.owned.set(partition, { revision, renewedAt: claimedAt });
        this.opts.logger.info({ partition, target }, 'loading RAW partition');
        await this.opts.acquired(partition);
      }
    } catch (err) {
      this.opts.logger.warn({ err }, 'partition leases: NATS did not answer; retrying');
    }
  }

  /**
   * How many partitions this replica should hold: ceil(partitions / live replicas), or the floor while some replica
   * holds less than the floor (a newcomer), so that the others make room for it.
   */
  private async fairShare(kv: KV): Promise<number> {
    let members = 0;
    for await (const key of await kv.keys('member.*')) if (key) members++;
    const held = new Map<string, number>();
    for await (const key of await kv.keys('partition.*')) {
      const owner = (await kv.get(key))?.string();
      if (owner) held.set(owner, (held.get(owner) ?? 0) + 1);
    }
    const floor = Math.floor(this.opts.partitions / Math.max(1, members));
    const ceil = Math.ceil(this.opts.partitions / Math.max(1, members));
    const satisfied = [...held.values()].filter((n) => n >= floor).length;
    return floor > 0 && satisfied < members ? floor : ceil;
  }

  private async giveUp(partition: number): Promise<void> {
    const revision = this.owned.get(partition)?.revision;
    this.owned.delete(partition);
    await this.opts.released(partition);
    await this.kv?.delete(partitionKey(partition), { previousSeq: revision }).catch(() => undefined);
    this.opts.logger.info({ partition }, 'gave RAW partition up');
  }
}
