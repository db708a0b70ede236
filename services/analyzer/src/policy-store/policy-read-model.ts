import {
  type EventBus,
  Events,
  type JustFitEvent,
  type RunningSubscription,
  runEphemeralConsumer,
  filterSubjectsFor,
} from '@justfit/events';
import type { PolicyState } from '../policies/policy-versions';
import { policyAggregate } from './policy-repository';

const policyTypes = new Set<string>(policyAggregate.events.map((name) => Events[name].type));

/**
 * Every policy's current state, kept in memory from the POLICIES stream (replayed once at start, then followed), so
 * listing policies reads no stream. A list waits until the model has seen what the stream held when it was asked,
 * so a version just created is listed.
 */
export class PolicyReadModel {
  private readonly states = new Map<string, PolicyState>();
  private seen = 0;
  private waiters: Array<{ seq: number; resolve: () => void }> = [];
  private subscription?: RunningSubscription;

  constructor(private readonly bus: EventBus) {}

  async start(): Promise<void> {
    const { stream, filterSubjects } = filterSubjectsFor(policyAggregate.events);
    this.subscription = await runEphemeralConsumer(
      this.bus,
      { stream, filterSubjects, deliverNew: false },
      (event, { streamSeq }) => this.apply(event, streamSeq),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  async list(timeoutMs = 10_000): Promise<PolicyState[]> {
    const { state } = await this.bus.jsm.streams.info('POLICIES');
    await this.caughtUpTo(state.last_seq, timeoutMs);
    return [...this.states.values()];
  }

  private apply(event: JustFitEvent, streamSeq: number): void {
    if (policyTypes.has(event.type)) {
      const id = event.subject;
      const policy = event as Parameters<typeof policyAggregate.evolve>[1];
      this.states.set(id, policyAggregate.evolve(this.states.get(id) ?? policyAggregate.initialState(), policy));
    }
    this.seen = Math.max(this.seen, streamSeq);
    this.waiters = this.waiters.filter((w) => (w.seq <= this.seen ? (w.resolve(), false) : true));
  }

  private caughtUpTo(seq: number, timeoutMs: number): Promise<void> {
    if (this.seen >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`policies read model did not reach POLICIES seq ${seq} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        seq,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}
