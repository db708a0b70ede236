import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Msg, Subscription } from '@nats-io/nats-core';
import {
  agentBroadcastSubject,
  agentSubject,
  type AgentMode,
  decodeMessage,
  encodeMessage,
  type EventBus,
  type MessageDataOf,
} from '@justfit/events';
import { BUS, CONFIG, LOGGER, recentLogs } from '@justfit/service-kit';
import type { Logger } from 'pino';
import type { CollectorConfig } from '../config';
import { CollectTaskRunner, TaskInterrupted } from '../tasks/collect-task.runner';
import { WorkInterrupted, WorkLoop } from './work-loop';

type Control = MessageDataOf<'AgentControl'>;
type ControlReply = MessageDataOf<'AgentControlReply'>;

/**
 * This collector as an agent: it announces itself (id, name, site, labels, version, capacity) to the registry with
 * a session, heartbeats every AGENT_HEARTBEAT_MS, runs its site's work within its capacity, and answers the
 * registry's control requests (drain, resume, maintenance, cancel an instance, recent logs, disconnect).
 */
@Injectable()
export class Agent {
  private session = `sess-${randomUUID()}`;
  private mode: AgentMode;
  /** Between an operator's disconnect and the registration that follows it: no work is taken. */
  private disconnected = false;
  private readonly work: WorkLoop;
  private subscriptions: Subscription[] = [];
  private heartbeat?: NodeJS.Timeout;
  private reconnect?: NodeJS.Timeout;

  constructor(
    @Inject(BUS) private readonly bus: EventBus,
    @Inject(CONFIG) private readonly config: CollectorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CollectTaskRunner) private readonly runner: CollectTaskRunner,
  ) {
    this.mode = config.AGENT_MODE;
    const agent = { agentId: config.AGENT_ID, site: config.AGENT_SITE };
    this.work = new WorkLoop(
      bus,
      { site: config.AGENT_SITE, capacity: config.AGENT_CAPACITY, ackWaitMs: config.COLLECT_ACK_WAIT_MS },
      async (item, { working, deliveryCount }) => {
        try {
          await this.runner.run(item, agent, working, deliveryCount);
        } catch (e) {
          if (e instanceof TaskInterrupted) throw new WorkInterrupted(e.message);
          throw e;
        }
      },
      logger,
    );
  }

  get id(): string {
    return this.config.AGENT_ID;
  }

  async start(): Promise<void> {
    const control = this.bus.nc.subscribe(agentSubject(this.id, 'control'), {
      callback: (err, msg) => {
        if (!err) void this.onControl(msg);
      },
    });
    const broadcast = this.bus.nc.subscribe(agentBroadcastSubject, {
      callback: (err, msg) => {
        if (err) return;
        try {
          const { message, from } = decodeMessage('AgentBroadcast', msg.string());
          this.logger.info({ from, broadcast: message }, 'message to every agent');
        } catch (e) {
          this.logger.warn({ err: e }, 'ignored a malformed broadcast');
        }
      },
    });
    this.subscriptions = [control, broadcast];
    await this.work.start();
    this.register();
    this.applyMode();
    this.heartbeat = setInterval(() => this.sendHeartbeat(), this.config.AGENT_HEARTBEAT_MS);
    this.logger.info(
      { agentId: this.id, site: this.config.AGENT_SITE, capacity: this.config.AGENT_CAPACITY, mode: this.mode },
      'agent started',
    );
  }

  /** At shutdown: takes no more work and interrupts what runs (it resumes on another agent of the site). */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    clearTimeout(this.reconnect);
    this.work.pause();
    await this.runner.interruptAll();
    await this.work.stop();
    await this.work.idle();
    for (const s of this.subscriptions) s.unsubscribe();
  }

  private register(): void {
    const { AGENT_ID, AGENT_NAME, AGENT_SITE, AGENT_LABELS, AGENT_CAPACITY, JUSTFIT_VERSION } = this.config;
    this.bus.nc.publish(
      agentSubject(AGENT_ID, 'register'),
      encodeMessage('RegisterAgent', {
        agentId: AGENT_ID,
        name: AGENT_NAME ?? AGENT_ID,
        site: AGENT_SITE,
        labels: AGENT_LABELS,
        version: JUSTFIT_VERSION,
        capacity: AGENT_CAPACITY,
        session: this.session,
        mode: this.mode,
        sentAt: Date.now(),
      }),
    );
  }

  private sendHeartbeat(): void {
    if (this.disconnected) return;
    try {
      this.bus.nc.publish(
        agentSubject(this.id, 'heartbeat'),
        encodeMessage('AgentHeartbeat', {
          agentId: this.id,
          session: this.session,
          mode: this.mode,
          capacity: this.config.AGENT_CAPACITY,
          running: this.runner.instances(),
          sentAt: Date.now(),
        }),
      );
    } catch (e) {
      this.logger.warn({ err: e }, 'heartbeat not sent');
    }
  }

  private applyMode(): void {
    if (this.mode === 'online' && !this.disconnected) this.work.accept();
    else this.work.pause();
  }

  private async onControl(msg: Msg): Promise<void> {
    let reply: ControlReply;
    try {
      reply = await this.apply(decodeMessage('AgentControl', msg.string()));
    } catch (e) {
      reply = { ok: false, message: (e as Error).message, mode: this.mode };
    }
    msg.respond(encodeMessage('AgentControlReply', reply));
    this.sendHeartbeat();
  }

  private async apply(control: Control): Promise<ControlReply> {
    switch (control.kind) {
      case 'drain':
      case 'maintenance':
        this.mode = control.kind === 'drain' ? 'draining' : 'maintenance';
        this.applyMode();
        this.logger.info({ mode: this.mode, running: this.work.running }, 'takes no more work; what runs goes on');
        return { ok: true, message: `${this.mode}; ${this.work.running} task(s) still running`, mode: this.mode };
      case 'resume':
        this.mode = 'online';
        this.applyMode();
        this.logger.info('takes work again');
        return { ok: true, message: 'online', mode: this.mode };
      case 'cancel': {
        const cancelled = await this.runner.cancelInstance(control.instanceId, control.reason);
        return cancelled
          ? { ok: true, message: `instance ${control.instanceId} cancelled`, mode: this.mode }
          : { ok: false, message: `instance ${control.instanceId} does not run on this agent`, mode: this.mode };
      }
      case 'logs': {
        const lines = recentLogs(this.logger)?.list() ?? [];
        return {
          ok: true,
          message: `${Math.min(lines.length, control.limit)} lines`,
          mode: this.mode,
          lines: lines.slice(-control.limit),
        };
      }
      case 'disconnect':
        this.disconnectSession(control.reason);
        return { ok: true, message: 'disconnected; it registers again', mode: this.mode };
      case 'register':
        this.register();
        return { ok: true, message: 'registered', mode: this.mode };
      default: {
        const unknown: never = control;
        throw new Error(`unknown control ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** The registry ended the session: no work is taken until this agent has registered again, with a new session. */
  private disconnectSession(reason: string): void {
    this.disconnected = true;
    this.applyMode();
    this.logger.warn({ reason }, 'disconnected by an operator; registering again');
    clearTimeout(this.reconnect);
    this.reconnect = setTimeout(() => {
      this.session = `sess-${randomUUID()}`;
      this.disconnected = false;
      this.register();
      this.applyMode();
      this.sendHeartbeat();
    }, this.config.AGENT_HEARTBEAT_MS);
  }
}
