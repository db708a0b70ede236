import {
  type AnalysisType,
  CommandError,
  commandHandler,
  ConcurrencyError,
  defineAggregate,
  definitionForType,
  type EventDataOf,
  type EventStore,
  type JustFitEvent,
  newEvent,
} from '@justfit/events';
import { traceIdOrNew } from '@justfit/service-kit';
import { ANALYZER_SOURCE } from '../findings/finding-repository';
import { DEFAULT_POLICIES, type PolicyByAnalysis } from '../policies/policy';
import {
  decidePolicy,
  evolvePolicy,
  initialPolicyState,
  type PolicyCommand,
  PolicyCommandError,
  type PolicyEvent,
  type PolicyEventName,
  type PolicyState,
  policyOf,
  validatePolicySettings,
} from '../policies/policy-versions';

const CODES = { invalid: 400, 'not-found': 404, conflict: 409 } as const;

/** Policy names may hold dots, which NATS subject tokens may not: the aggregate id encodes the name. */
const aggregateId = (name: string) => `policy-${Buffer.from(name).toString('base64url')}`;
export const defaultPolicyName = (type: AnalysisType) => `${type}-default`;
const BUILT_IN = 'built-in defaults';

type PolicyEnvelope = JustFitEvent<PolicyEventName>;

function toDomain(event: PolicyEnvelope): PolicyEvent {
  return { type: definitionForType(event.type)!.name, ...event.data } as PolicyEvent;
}

function toEvent(e: PolicyEvent): PolicyEnvelope {
  const { type, ...data } = e;
  return newEvent(type, data as EventDataOf<typeof type>, {
    subject: aggregateId(e.name),
    source: ANALYZER_SOURCE,
    traceId: traceIdOrNew(),
  }) as PolicyEnvelope;
}

export const policyAggregate = defineAggregate({
  context: 'POLICIES',
  events: [
    'PolicyVersionCreated',
    'PolicyVersionActivated',
    'PolicyVersionHidden',
    'PolicyVersionShown',
    'PolicyVersionArchived',
  ] satisfies PolicyEventName[],
  initialState: (): PolicyState => initialPolicyState,
  evolve: (state: PolicyState, event: PolicyEnvelope) => evolvePolicy(state, toDomain(event)),
});

const policies = commandHandler(policyAggregate);

function decideOrRefuse(state: PolicyState, command: PolicyCommand): PolicyEvent[] {
  try {
    return decidePolicy(state, command);
  } catch (e) {
    if (e instanceof PolicyCommandError) throw new CommandError(CODES[e.code], e.message);
    throw e;
  }
}

/** Versioned policies kept as event-sourced aggregates; the pure decider lives in ../policies. */
export class PolicyRepository {
  constructor(private readonly store: EventStore) {}

  async load(name: string): Promise<{ state: PolicyState }> {
    const { state } = await policies.load(this.store, aggregateId(name));
    return { state };
  }

  /** Decides and appends under optimistic concurrency; a concurrent change makes it decide again. */
  async execute(command: PolicyCommand): Promise<PolicyState> {
    try {
      const { newState } = await policies.handle(this.store, aggregateId(command.name), (state) =>
        decideOrRefuse(state, command).map(toEvent),
      );
      return newState;
    } catch (e) {
      if (e instanceof ConcurrencyError) throw new CommandError(409, `policy ${command.name} kept changing; try again`);
      throw e;
    }
  }

  /** The policy a run uses: the named one's active version, or the type's default policy. */
  async active<K extends AnalysisType>(type: K, name = defaultPolicyName(type)): Promise<PolicyByAnalysis[K]> {
    const { state } = await this.load(name);
    const policy = policyOf(state, type);
    if (policy) {
      const { name: _name, version, ...settings } = policy;
      const problems = validatePolicySettings(type, settings as Record<string, unknown>);
      if (problems.length > 0) {
        throw new CommandError(
          400,
          `policy ${name} v${version} was written for earlier rules and cannot run (${problems.join('; ')}); ` +
            'create a new version from the current defaults',
        );
      }
      return policy;
    }
    if (state.exists) throw new CommandError(400, `policy ${name} is not a ${type} policy`);
    if (name !== defaultPolicyName(type)) throw new CommandError(404, `policy ${name} does not exist`);
    return DEFAULT_POLICIES[type];
  }

  /**
   * Makes sure each analysis type's default policy exists and runs the built-in defaults of this release: version 1
   * on first start; a new, active version when the active one is the built-in defaults of an earlier release (or
   * cannot run under the current rules), so every finding names the settings that produced it. A version a person
   * created and activated is left alone while it can run.
   */
  async ensureDefaults(now: number): Promise<void> {
    for (const [type, policy] of Object.entries(DEFAULT_POLICIES) as Array<
      [AnalysisType, PolicyByAnalysis[AnalysisType]]
    >) {
      const { name: _name, version: _version, ...settings } = policy;
      const name = defaultPolicyName(type);
      const { state } = await this.load(name);
      const active = state.exists ? state.versions.find((v) => v.version === state.activeVersion) : undefined;
      const outdated =
        active !== undefined &&
        (validatePolicySettings(type, active.settings).length > 0 ||
          (active.note.startsWith(BUILT_IN) && JSON.stringify(active.settings) !== JSON.stringify(settings)));
      if (state.exists && !outdated) continue;
      await this.execute({
        type: 'CreatePolicyVersion',
        name,
        analysisType: type,
        settings,
        activate: true,
        note: state.exists ? `${BUILT_IN} of this release (the rules changed)` : BUILT_IN,
        at: now,
      }).catch((e) => {
        if (!(e instanceof CommandError && e.code === 409)) throw e;
      });
    }
  }
}
