import { assertNever, type EventDataOf } from '@justfit/events';
import { DEFAULT_POLICIES, type PolicyAnalysisType, type PolicyByAnalysis } from './policy';

/**
 * Versioned policies as a pure decider: one aggregate per policy name. Creating a version gives it the next number
 * (so name + version is unique), the first version becomes active, and from then on exactly one version is active:
 * activating one deactivates the previous, and the active version can be neither hidden nor archived. Hidden
 * versions stay usable by old findings but are not offered; archived versions are final.
 */

/** A policy without its identity: what a version stores. */
export type PolicySettings<K extends PolicyAnalysisType = PolicyAnalysisType> = Omit<
  PolicyByAnalysis[K],
  'name' | 'version'
>;

export type PolicyVersionStatus = 'active' | 'inactive' | 'archived';

export interface PolicyVersion {
  version: number;
  settings: Record<string, unknown>;
  status: PolicyVersionStatus;
  hidden: boolean;
  createdAt: number;
  note: string;
}

export type PolicyState =
  | { exists: false }
  | { exists: true; name: string; analysisType: PolicyAnalysisType; versions: PolicyVersion[]; activeVersion: number };

export const initialPolicyState: PolicyState = { exists: false };

export type PolicyCommand =
  | {
      type: 'CreatePolicyVersion';
      name: string;
      analysisType: PolicyAnalysisType;
      settings: Record<string, unknown>;
      activate?: boolean;
      note?: string;
      at: number;
    }
  | { type: 'ActivatePolicyVersion'; name: string; version: number; at: number }
  | { type: 'HidePolicyVersion'; name: string; version: number; at: number }
  | { type: 'ShowPolicyVersion'; name: string; version: number; at: number }
  | { type: 'ArchivePolicyVersion'; name: string; version: number; at: number };

/** The policy aggregate's events: the catalogue's, each as `{ type, ...data }` for the pure decider. */
export type PolicyEventName =
  | 'PolicyVersionCreated'
  | 'PolicyVersionActivated'
  | 'PolicyVersionHidden'
  | 'PolicyVersionShown'
  | 'PolicyVersionArchived';
export type PolicyEvent = { [N in PolicyEventName]: { type: N } & EventDataOf<N> }[PolicyEventName];

export type PolicyErrorCode = 'invalid' | 'not-found' | 'conflict';

export class PolicyCommandError extends Error {
  constructor(
    readonly code: PolicyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PolicyCommandError';
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The events a command produces on this state; throws PolicyCommandError when the command breaks a rule. No-ops give []. */
export function decidePolicy(state: PolicyState, command: PolicyCommand): PolicyEvent[] {
  if (state.exists && state.name !== command.name) {
    throw new PolicyCommandError('invalid', `command for policy ${command.name} sent to policy ${state.name}`);
  }
  const { name, at } = command;
  if (command.type === 'CreatePolicyVersion') {
    if (!NAME.test(name)) throw new PolicyCommandError('invalid', `policy name must match ${NAME}, got "${name}"`);
    if (state.exists && state.analysisType !== command.analysisType) {
      throw new PolicyCommandError(
        'conflict',
        `policy ${name} is a ${state.analysisType} policy, not ${command.analysisType}`,
      );
    }
    const problems = validatePolicySettings(command.analysisType, command.settings);
    if (problems.length > 0)
      throw new PolicyCommandError('invalid', `invalid ${command.analysisType} policy: ${problems.join('; ')}`);
    const version = state.exists ? Math.max(...state.versions.map((v) => v.version)) + 1 : 1;
    const created: PolicyEvent = {
      type: 'PolicyVersionCreated',
      name,
      analysisType: command.analysisType,
      version,
      settings: command.settings,
      note: command.note ?? '',
      at,
    };
    const previousVersion = state.exists ? state.activeVersion : null;
    if (!state.exists || command.activate)
      return [created, { type: 'PolicyVersionActivated', name, version, previousVersion, at }];
    return [created];
  }
  if (!state.exists) throw new PolicyCommandError('not-found', `policy ${name} does not exist`);
  const target = state.versions.find((v) => v.version === command.version);
  if (!target) throw new PolicyCommandError('not-found', `policy ${name} has no version ${command.version}`);
  const { version } = target;
  switch (command.type) {
    case 'ActivatePolicyVersion':
      if (target.status === 'active') return [];
      if (target.status === 'archived') throw new PolicyCommandError('conflict', `${name} v${version} is archived`);
      if (target.hidden)
        throw new PolicyCommandError('conflict', `${name} v${version} is hidden; show it before activating it`);
      return [{ type: 'PolicyVersionActivated', name, version, previousVersion: state.activeVersion, at }];
    case 'HidePolicyVersion':
      if (target.hidden) return [];
      if (target.status === 'active')
        throw new PolicyCommandError('conflict', `${name} v${version} is active; activate another version first`);
      return [{ type: 'PolicyVersionHidden', name, version, at }];
    case 'ShowPolicyVersion':
      if (target.status === 'archived') throw new PolicyCommandError('conflict', `${name} v${version} is archived`);
      if (!target.hidden) return [];
      return [{ type: 'PolicyVersionShown', name, version, at }];
    case 'ArchivePolicyVersion':
      if (target.status === 'archived') return [];
      if (target.status === 'active')
        throw new PolicyCommandError('conflict', `${name} v${version} is active; activate another version first`);
      return [{ type: 'PolicyVersionArchived', name, version, at }];
  }
}

export function evolvePolicy(state: PolicyState, event: PolicyEvent): PolicyState {
  if (event.type === 'PolicyVersionCreated') {
    const version: PolicyVersion = {
      version: event.version,
      settings: event.settings,
      status: 'inactive',
      hidden: false,
      createdAt: event.at,
      note: event.note,
    };
    if (!state.exists)
      return {
        exists: true,
        name: event.name,
        analysisType: event.analysisType,
        versions: [version],
        activeVersion: 0,
      };
    if (state.versions.some((v) => v.version === event.version)) return state;
    return { ...state, versions: [...state.versions, version] };
  }
  if (!state.exists) return state;
  const update = (version: number, change: (v: PolicyVersion) => PolicyVersion) =>
    state.versions.map((v) => (v.version === version ? change(v) : v));
  switch (event.type) {
    case 'PolicyVersionActivated':
      return {
        ...state,
        activeVersion: event.version,
        versions: state.versions.map((v) => {
          if (v.version === event.version) return { ...v, status: 'active' };
          return v.status === 'active' ? { ...v, status: 'inactive' } : v;
        }),
      };
    case 'PolicyVersionHidden':
      return { ...state, versions: update(event.version, (v) => ({ ...v, hidden: true })) };
    case 'PolicyVersionShown':
      return { ...state, versions: update(event.version, (v) => ({ ...v, hidden: false })) };
    case 'PolicyVersionArchived':
      return { ...state, versions: update(event.version, (v) => ({ ...v, status: 'archived', hidden: true })) };
    default:
      return assertNever(event);
  }
}

/** The typed policy of a version (the active one by default), as analyses take it. */
export function policyOf<K extends PolicyAnalysisType>(
  state: PolicyState,
  analysisType: K,
  version?: number,
): PolicyByAnalysis[K] | undefined {
  if (!state.exists || state.analysisType !== analysisType) return undefined;
  const wanted = version ?? state.activeVersion;
  const found = state.versions.find((v) => v.version === wanted);
  if (!found) return undefined;
  return { ...(found.settings as object), name: state.name, version: found.version } as PolicyByAnalysis[K];
}

/** Versions offered to people: not hidden, not archived, newest first. */
export function visibleVersions(state: PolicyState): PolicyVersion[] {
  if (!state.exists) return [];
  return state.versions.filter((v) => !v.hidden && v.status !== 'archived').sort((a, b) => b.version - a.version);
}

type Range = [min: number, max: number];
/** Ranges of the numeric settings; anything else only has to keep the default's shape (same keys, same types). */
const RANGES: { [K in PolicyAnalysisType]: Partial<Record<string, Range>> } = {
  zombie: {
    lookbackDays: [1, 400],
    minHistoryDays: [0, 400],
    gcpIdleCpuCores: [0, 64],
    gcpIdleCpuShare: [0.5, 1],
    gcpIdleNetKBps: [0, 1e9],
    gcpIdleNetShare: [0.5, 1],
    azureP95CpuPct: [0, 100],
    azureRecentMaxCpuPct: [0, 100],
    azureRecentDays: [1, 400],
    azureAverageMinutes: [5, 60],
    idleMemoryPct: [0, 100],
    activeCpuPoints: [0, 100],
    activeDiskKBps: [0, 1e9],
    activeNetKBps: [0, 1e9],
    jobDaysShare: [0, 1],
    jobMinDays: [1, 400],
    jobMinWeeks: [1, 60],
    usedDaysShare: [0, 1],
    poweredOffDays: [1, 3650],
  },
  rightsize: {
    lookbackDays: [1, 400],
    minHistoryDays: [0, 400],
    fullConfidenceDays: [1, 400],
    cpuPercentile: [0.5, 1],
    cpuHeadroom: [0, 2],
    memoryHeadroom: [0, 2],
    readyPctPerVcpu: [0, 100],
    minVcpu: [1, 768],
    minMemoryMb: [0, 1e8],
  },
  tidal: {
    lookbackDays: [2, 400],
    minCycles: [2, 100],
    significanceLevel: [1e-9, 0.5],
    acfWindowHours: [1, 84],
    minAcf: [-1, 1],
    followCorrelation: [-1, 1],
    minCyclesFollowing: [0, 1],
    minPeakDiff: [0, 1e9],
    minPeakHours: [0, 168],
    weeklyGain: [0, 1],
    maxGapHours: [1, 168],
    utcOffsetHours: [-12, 14],
    cpuHeadroom: [0, 2],
  },
  health: {
    lookbackDays: [1, 400],
    minHistoryHours: [0, 9600],
    hotspotPct: [0, 100],
    hotspotShare: [0, 1],
    balanceStdOk: [0, 1],
    balanceStdBad: [0, 1],
    cpuOvercommitSafe: [0, 1000],
    cpuOvercommitMax: [0, 1000],
    memOvercommitSafe: [0, 100],
    memOvercommitMax: [0, 100],
    healthyScore: [0, 100],
    criticalScore: [0, 100],
  },
};

/** Problems with settings for an analysis type (empty when valid): same keys and types as the default, numbers in range. */
export function validatePolicySettings(analysisType: PolicyAnalysisType, settings: Record<string, unknown>): string[] {
  const template = DEFAULT_POLICIES[analysisType] as unknown as Record<string, unknown>;
  if (!template) return [`unknown analysis type ${String(analysisType)}`];
  const problems = shapeProblems(template, settings, '', new Set(['name', 'version'])).map((problem) =>
    // Policies carried their own prices before the settings did; say where the prices went.
    problem === 'unitPrices is not a setting'
      ? 'unitPrices is not a policy setting: savings are priced with the settings (updateSettings currencyAndPrices)'
      : problem,
  );
  for (const [key, range] of Object.entries(RANGES[analysisType])) {
    const value = settings[key];
    if (typeof value === 'number' && range && (value < range[0] || value > range[1]))
      problems.push(`${key} must be within ${range[0]}..${range[1]}, got ${value}`);
  }
  const s = settings as Record<string, number>;
  if (analysisType === 'health') {
    if (s.balanceStdBad! <= s.balanceStdOk!) problems.push('balanceStdBad must be above balanceStdOk');
    if (s.cpuOvercommitMax! <= s.cpuOvercommitSafe!) problems.push('cpuOvercommitMax must be above cpuOvercommitSafe');
    if (s.memOvercommitMax! <= s.memOvercommitSafe!) problems.push('memOvercommitMax must be above memOvercommitSafe');
    if (s.criticalScore! > s.healthyScore!) problems.push('criticalScore must not be above healthyScore');
  }
  if (analysisType === 'rightsize' && !['hourly-max', 'max', 'p99'].includes(String(settings.memoryPeak)))
    problems.push('memoryPeak must be hourly-max, max or p99');
  if (analysisType === 'rightsize' && !['whole', 'ladder'].includes(String(settings.vcpuRounding)))
    problems.push('vcpuRounding must be whole or ladder');
  // The activity buckets are folded into whole hours.
  if (analysisType === 'zombie' && typeof s.azureAverageMinutes === 'number' && 60 % s.azureAverageMinutes !== 0)
    problems.push('azureAverageMinutes must divide an hour (5, 10, 12, 15, 20, 30 or 60)');
  return problems;
}

function shapeProblems(
  template: Record<string, unknown>,
  value: Record<string, unknown>,
  path: string,
  skip: Set<string>,
): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`${path || 'settings'} must be an object`];
  for (const [key, expected] of Object.entries(template)) {
    if (skip.has(key)) continue;
    const actual = value[key];
    const where = path + key;
    if (actual === undefined) problems.push(`${where} is missing`);
    else if (typeof expected === 'object' && expected !== null) {
      problems.push(
        ...shapeProblems(
          expected as Record<string, unknown>,
          actual as Record<string, unknown>,
          `${where}.`,
          new Set(),
        ),
      );
    } else if (typeof actual !== typeof expected) problems.push(`${where} must be a ${typeof expected}`);
    else if (typeof actual === 'number' && !Number.isFinite(actual)) problems.push(`${where} must be finite`);
  }
  for (const key of Object.keys(value)) {
    if (!(key in template) || skip.has(key)) problems.push(`${path + key} is not a setting`);
  }
  return problems;
}
