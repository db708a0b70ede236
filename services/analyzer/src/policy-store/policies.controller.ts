import { Controller, Inject, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { CommandReply } from '@justfit/events';
import { parseCommandInput } from '@justfit/service-kit';
import { visibleVersions } from '../policies/policy-versions';
import { POLICIES, POLICY_READ_MODEL } from '../tokens';
import type { PolicyReadModel } from './policy-read-model';
import type { PolicyRepository } from './policy-repository';

const ACTIONS = {
  activate: 'ActivatePolicyVersion',
  hide: 'HidePolicyVersion',
  show: 'ShowPolicyVersion',
  archive: 'ArchivePolicyVersion',
} as const;

@Controller()
export class PoliciesController implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(POLICIES) private readonly policies: PolicyRepository,
    @Inject(POLICY_READ_MODEL) private readonly readModel: PolicyReadModel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.policies.ensureDefaults(Date.now());
    await this.readModel.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readModel.stop();
  }

  @MessagePattern('CreatePolicyVersion')
  async create(payload: unknown): Promise<CommandReply<'analyzer', 'CreatePolicyVersion'>> {
    const cmd = parseCommandInput('analyzer', 'CreatePolicyVersion', payload);
    const state = await this.policies.execute({ type: 'CreatePolicyVersion', ...cmd, at: Date.now() });
    return { name: cmd.name, version: state.exists ? Math.max(...state.versions.map((v) => v.version)) : 0 };
  }

  @MessagePattern('ChangePolicyVersion')
  async change(payload: unknown): Promise<CommandReply<'analyzer', 'ChangePolicyVersion'>> {
    const cmd = parseCommandInput('analyzer', 'ChangePolicyVersion', payload);
    await this.policies.execute({ type: ACTIONS[cmd.action], name: cmd.name, version: cmd.version, at: Date.now() });
    return { name: cmd.name, version: cmd.version };
  }

  @MessagePattern('ListPolicies')
  async list(payload: unknown): Promise<CommandReply<'analyzer', 'ListPolicies'>> {
    const cmd = parseCommandInput('analyzer', 'ListPolicies', payload);
    return (await this.readModel.list())
      .flatMap((s) => (s.exists ? [s] : []))
      .filter((s) => !cmd.analysisType || s.analysisType === cmd.analysisType)
      .map((s) => ({
        name: s.name,
        analysisType: s.analysisType,
        activeVersion: s.activeVersion,
        versions: (cmd.includeHidden ? [...s.versions].sort((a, b) => b.version - a.version) : visibleVersions(s)).map(
          (v) => ({
            version: v.version,
            status: v.status,
            hidden: v.hidden,
            settings: v.settings,
            note: v.note,
            createdAt: v.createdAt,
          }),
        ),
      }));
  }
}
