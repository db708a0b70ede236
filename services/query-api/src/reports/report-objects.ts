import { type EventBus, REPORTS_BUCKET } from '@justfit/events';
import { type ObjectStore, Objm } from '@nats-io/obj';

/** Reads report files from the JetStream object store the reporter writes, so any API replica serves any report. */
export class ReportObjectReader {
  private bucket?: Promise<ObjectStore>;

  constructor(private readonly bus: EventBus) {}

  /** The file's bytes, or null when the object (or the whole bucket, before the first report) does not exist. */
  async read(name: string): Promise<Uint8Array | null> {
    let store: ObjectStore;
    try {
      store = await (this.bucket ??= new Objm(this.bus.js).open(REPORTS_BUCKET));
    } catch (e) {
      this.bucket = undefined; // opened again next time: the reporter makes the bucket with its first report
      if (/not found/i.test((e as Error).message)) return null;
      throw e;
    }
    return store.getBlob(name);
  }
}
