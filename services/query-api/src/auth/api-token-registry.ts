import {
  contextSubjectPrefix,
  type EventBus,
  isEvent,
  type JustFitEvent,
  runEphemeralConsumer,
  type RunningSubscription,
} from '@justfit/events';
import type { Role } from './roles';

export interface ApiTokenView {
  id: string;
  name: string;
  roles: Role[];
  connectionId?: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  revokedAt?: number;
  revokedBy?: string;
}

export function tokenStatus(token: ApiTokenView, now = Date.now()): 'active' | 'expired' | 'revoked' {
  if (token.revokedAt !== undefined) return 'revoked';
  return token.expiresAt <= now ? 'expired' : 'active';
}

/**
 * The read model the API checks every request against: every API token, by id and by the hash of its secret, in
 * memory. Each API instance follows the ACCESS stream itself (an ordered consumer from the start), so a token
 * created or revoked through one replica is known to every other within a message's latency.
 */
export class ApiTokenRegistry {
  private readonly byId = new Map<string, ApiTokenView>();
  private readonly idByHash = new Map<string, string>();
  private subscription?: RunningSubscription;

  constructor(private readonly bus?: EventBus) {}

  /** Replays the ACCESS stream and follows it; resolves once every token stored at start is known. */
  async start(timeoutMs = 30_000): Promise<void> {
    if (!this.bus) return;
    const stored = (await this.bus.jsm.streams.info('ACCESS')).state.last_seq;
    let applied = 0;
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    if (stored === 0) caughtUp();
    this.subscription = await runEphemeralConsumer(
      this.bus,
      { stream: 'ACCESS', filterSubjects: [`${contextSubjectPrefix('ACCESS')}.>`], deliverNew: false },
      (event, { streamSeq }) => {
        this.apply(event);
        applied = streamSeq;
        if (applied >= stored) caughtUp();
      },
    );
    const timer = setTimeout(() => caughtUp(), timeoutMs);
    await ready;
    clearTimeout(timer);
    if (applied < stored) throw new Error(`API tokens: read ${applied} of ${stored} ACCESS events in ${timeoutMs} ms`);
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Folds one event in; applying the same event twice leaves the same state. */
  apply(event: JustFitEvent): void {
    if (isEvent(event, 'ApiTokenCreated')) {
      const d = event.data;
      this.byId.set(d.tokenId, {
        id: d.tokenId,
        name: d.name,
        roles: d.roles,
        ...(d.connectionId ? { connectionId: d.connectionId } : {}),
        createdBy: d.createdBy,
        createdAt: d.createdAt,
        expiresAt: d.expiresAt,
      });
      this.idByHash.set(d.secretHash, d.tokenId);
    } else if (isEvent(event, 'ApiTokenRevoked')) {
      const token = this.byId.get(event.data.tokenId);
      if (token)
        this.byId.set(token.id, { ...token, revokedAt: event.data.revokedAt, revokedBy: event.data.revokedBy });
    }
  }

  byHash(secretHash: string): ApiTokenView | undefined {
    const id = this.idByHash.get(secretHash);
    return id === undefined ? undefined : this.byId.get(id);
  }

  get(id: string): ApiTokenView | undefined {
    return this.byId.get(id);
  }

  list(): ApiTokenView[] {
    return [...this.byId.values()].sort((a, b) => b.createdAt - a.createdAt);
  }
}
