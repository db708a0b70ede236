import { Controller, Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { CommandReply } from '@justfit/events';
import { parseCommandInput } from '@justfit/service-kit';
import { visibleVersions } from '../policies/policy-versions';
import { POLICIES } from '../tokens';
import type { PolicyRepository } from './policy-repository';

const ACTIONS = {
  activate: 'ActivatePolicyVersion',
  hide: 'HidePolicyVersion',
  show: 'ShowPolicyVersion',
  archive: 'ArchivePolicyVersion',
} as const;

@Controller()
export class PoliciesController implements OnApplicationBootstrap {
  constructor(@Inject(POLICIES) private readonly policies: PolicyRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.policies.ensureDefaults(Date.now());
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
    return (await this.policies.list())
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
