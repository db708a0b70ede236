import { Kvm, type KV } from '@nats-io/kv';
import type { EventBus } from '@justfit/events';
import type { Sealer } from './sealer';

/**
 * Sealed credentials, kept in a JetStream key-value bucket: events carry only the reference, so the event log
 * never holds a password, sealed or not, and deleting a connection can really delete its secret.
 */
export class SecretStore {
  private constructor(
    private readonly kv: KV,
    private readonly sealer: Sealer,
  ) {}

  static async open(bus: EventBus, sealer: Sealer, replicas = 1): Promise<SecretStore> {
    const kv = await new Kvm(bus.nc).create('justfit_secrets', { history: 1, replicas });
    return new SecretStore(kv, sealer);
  }

  async put(ref: string, secret: string): Promise<void> {
    await this.kv.put(ref, this.sealer.seal(secret, ref));
  }

  async get(ref: string): Promise<string | undefined> {
    const entry = await this.kv.get(ref);
    if (!entry || entry.operation !== 'PUT') return undefined;
    return this.sealer.open(entry.string(), ref);
  }

  async delete(ref: string): Promise<void> {
    await this.kv.purge(ref);
  }
}
