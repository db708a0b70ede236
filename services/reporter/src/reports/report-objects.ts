import { type EventBus, REPORTS_BUCKET } from '@justfit/events';
import { type ObjectStore, Objm } from '@nats-io/obj';

/**
 * Report files live in a JetStream object store, not on a disk: every query-api replica serves them, and they are
 * replicated like the streams (NATS_STREAM_REPLICAS).
 */
export class ReportObjects {
  private bucket?: Promise<ObjectStore>;

  constructor(
    private readonly bus: EventBus,
    private readonly replicas: number,
  ) {}

  private store(): Promise<ObjectStore> {
    this.bucket ??= new Objm(this.bus.js)
      .create(REPORTS_BUCKET, {
        description: 'JustFit report files (JSON, HTML, PDF, XLSX)',
        replicas: this.replicas,
      })
      .catch((e: unknown) => {
        this.bucket = undefined;
        throw e;
      });
    return this.bucket;
  }

  /** Stores a report file (a replay of the same report replaces it). */
  async put(name: string, body: Uint8Array, contentType: string): Promise<void> {
    const store = await this.store();
    await store.putBlob({ name, description: contentType }, body);
  }
}
