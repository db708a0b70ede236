import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CommandError, type CommandReply } from '@justfit/events';
import { LOGGER, parseCommandInput } from '@justfit/service-kit';
import type { Logger } from 'pino';
import { openConnector, usesNetwork } from '../adapters/connector-factory';
import { assertEndpointAllowed, type EndpointPolicy } from '../adapters/endpoint-policy';
import type { SecretStore } from '../secrets/secret-store';
import { CONNECTIONS, ENDPOINT_POLICY, SECRETS } from '../tokens';
import { decideDelete, decideRegister, decideUpdate } from './connection';
import type { ConnectionRepository } from './connection-repository';

@Controller()
export class ConnectionsController {
  constructor(
    @Inject(CONNECTIONS) private readonly connections: ConnectionRepository,
    @Inject(SECRETS) private readonly secrets: SecretStore,
    @Inject(ENDPOINT_POLICY) private readonly endpointPolicy: EndpointPolicy,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern('RegisterConnection')
  async register(payload: unknown): Promise<CommandReply<'collector', 'RegisterConnection'>> {
    const cmd = parseCommandInput('collector', 'RegisterConnection', payload);
    const connectionId = `conn-${randomUUID()}`;
    const secretRef = `secret-${connectionId}`;
    const names = await this.connections.namesInUse();
    const ctx = { connectionId, secretRef, nameOwner: (n: string) => names.get(n) };
    const settings = decideRegister(cmd, { kind: 'absent' }, ctx);
    if (usesNetwork(settings.type)) await assertEndpointAllowed(this.endpointPolicy, settings.endpoint);
    await this.secrets.put(secretRef, cmd.password);
    await this.connections.change(connectionId, 'ConnectionRegistered', (state) => decideRegister(cmd, state, ctx));
    return { connectionId, name: settings.name };
  }

  @MessagePattern('UpdateConnection')
  async update(payload: unknown): Promise<CommandReply<'collector', 'UpdateConnection'>> {
    const cmd = parseCommandInput('collector', 'UpdateConnection', payload);
    const { state } = await this.connections.load(cmd.connectionId);
    // The names in use (a replay of every connection) matter only when the name changes.
    const names = cmd.name !== undefined ? await this.connections.namesInUse() : new Map<string, string>();
    const ctx = { nameOwner: (n: string) => names.get(n) };
    const settings = decideUpdate(cmd, state, ctx);
    if (usesNetwork(settings.type)) await assertEndpointAllowed(this.endpointPolicy, settings.endpoint);
    // An update without a password keeps the sealed one.
    if (cmd.password) await this.secrets.put(settings.secretRef, cmd.password);
    await this.connections.change(cmd.connectionId, 'ConnectionUpdated', (current) => decideUpdate(cmd, current, ctx));
    return { connectionId: cmd.connectionId };
  }

  @MessagePattern('DeleteConnection')
  async delete(payload: unknown): Promise<CommandReply<'collector', 'DeleteConnection'>> {
    const cmd = parseCommandInput('collector', 'DeleteConnection', payload);
    let secretRef: string | undefined;
    await this.connections.change(cmd.connectionId, 'ConnectionDeleted', (state) => {
      decideDelete(cmd.connectionId, state);
      secretRef = state.kind === 'active' ? state.settings.secretRef : undefined;
      return { connectionId: cmd.connectionId };
    });
    if (secretRef) await this.secrets.delete(secretRef);
    return { connectionId: cmd.connectionId };
  }

  @MessagePattern('TestConnection')
  async test(payload: unknown): Promise<CommandReply<'collector', 'TestConnection'>> {
    const cmd = parseCommandInput('collector', 'TestConnection', payload);
    const { state } = await this.connections.load(cmd.connectionId);
    if (state.kind !== 'active') throw new CommandError(404, `connection ${cmd.connectionId} not found`);
    const password = (await this.secrets.get(state.settings.secretRef)) ?? '';
    const connector = await openConnector({ ...state.settings, password }, this.endpointPolicy);
    try {
      const { detail, ...result } = await connector.test();
      if (!result.success) {
        const { endpoint, port, type } = state.settings;
        this.logger.warn({ connectionId: cmd.connectionId, type, endpoint, port, detail }, 'connection test failed');
      }
      await this.connections.change(cmd.connectionId, 'ConnectionTested', () => ({
        connectionId: cmd.connectionId,
        ...result,
      }));
      return result;
    } finally {
      await connector.close();
    }
  }
}
