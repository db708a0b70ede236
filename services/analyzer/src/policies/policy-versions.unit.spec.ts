import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, DEFAULT_RIGHTSIZE_POLICY, DEFAULT_TIDAL_POLICY } from './policy';
import {
  decidePolicy,
  evolvePolicy,
  initialPolicyState,
  type PolicyCommand,
  PolicyCommandError,
  type PolicyEvent,
  type PolicyState,
  policyOf,
  validatePolicySettings,
  visibleVersions,
} from './policy-versions';

const { name: _n, version: _v, ...rightsizeSettings } = DEFAULT_RIGHTSIZE_POLICY;
const NAME = 'rightsize-prod';
const create = (overrides: Partial<typeof rightsizeSettings> = {}, activate = false): PolicyCommand => ({
  type: 'CreatePolicyVersion',
  name: NAME,
  analysisType: 'rightsize',
  settings: { ...rightsizeSettings, ...overrides },
  activate,
  at: 1,
});
const cmd = (type: Exclude<PolicyCommand['type'], 'CreatePolicyVersion'>, version: number): PolicyCommand => ({
  type,
  name: NAME,
  version,
  at: 2,
});

/** Applies commands in order (decide, then evolve each event), returning the state and every event. */
function run(commands: PolicyCommand[], state: PolicyState = initialPolicyState) {
  const events: PolicyEvent[] = [];
  for (const command of commands) {
    const produced = decidePolicy(state, command);
    events.push(...produced);
    state = produced.reduce(evolvePolicy, state);
  }
  return { state, events };
}

const activeCount = (state: PolicyState) =>
  state.exists ? state.versions.filter((v) => v.status === 'active').length : 0;

describe('policy versions', () => {
  it('policy versions - the first version is created as version 1 and becomes active', () => {
    const { state, events } = run([create()]);
    expect(events.map((e) => e.type)).toEqual(['PolicyVersionCreated', 'PolicyVersionActivated']);
    expect(state.exists && state.activeVersion).toBe(1);
    expect(policyOf(state, 'rightsize')).toEqual({ ...DEFAULT_RIGHTSIZE_POLICY, name: NAME, version: 1 });
  });

  it('policy versions - each new version gets the next number and stays inactive unless activated', () => {
    const { state } = run([create(), create({ cpuPercentile: 0.99 }), create({ cpuHeadroom: 0.3 })]);
    expect(state.exists && state.versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'active'],
      [2, 'inactive'],
      [3, 'inactive'],
    ]);
    expect(policyOf(state, 'rightsize', 2)?.cpuPercentile).toBe(0.99);
  });

  it('policy versions - activating a version deactivates the previous one', () => {
    const { state, events } = run([create(), create({ cpuPercentile: 0.99 }), cmd('ActivatePolicyVersion', 2)]);
    expect(events.at(-1)).toMatchObject({ type: 'PolicyVersionActivated', version: 2, previousVersion: 1 });
    expect(state.exists && state.activeVersion).toBe(2);
    expect(activeCount(state)).toBe(1);
    expect(policyOf(state, 'rightsize')?.version).toBe(2);
  });

  it('policy versions - creating with activate makes the new version the active one', () => {
    const { state } = run([create(), create({ cpuHeadroom: 0.3 }, true)]);
    expect(state.exists && state.activeVersion).toBe(2);
    expect(activeCount(state)).toBe(1);
  });

  it('policy versions - the active version can be neither hidden nor archived', () => {
    const { state } = run([create()]);
    expect(() => decidePolicy(state, cmd('HidePolicyVersion', 1))).toThrow(PolicyCommandError);
    expect(() => decidePolicy(state, cmd('ArchivePolicyVersion', 1))).toThrow(/active/);
  });

  it('policy versions - a hidden version is not offered and must be shown before it is activated', () => {
    const { state } = run([create(), create(), cmd('HidePolicyVersion', 2)]);
    expect(visibleVersions(state).map((v) => v.version)).toEqual([1]);
    expect(() => decidePolicy(state, cmd('ActivatePolicyVersion', 2))).toThrow(/hidden/);
    const shown = run([cmd('ShowPolicyVersion', 2), cmd('ActivatePolicyVersion', 2)], state).state;
    expect(shown.exists && shown.activeVersion).toBe(2);
  });

  it('policy versions - an archived version is final: it cannot be shown or activated', () => {
    const { state } = run([create(), create(), cmd('ArchivePolicyVersion', 2)]);
    expect(state.exists && state.versions[1]).toMatchObject({ status: 'archived', hidden: true });
    expect(() => decidePolicy(state, cmd('ShowPolicyVersion', 2))).toThrow(/archived/);
    expect(() => decidePolicy(state, cmd('ActivatePolicyVersion', 2))).toThrow(/archived/);
    expect(decidePolicy(state, cmd('ArchivePolicyVersion', 2))).toEqual([]);
  });

  it('policy versions - repeating a command that is already in effect produces no event', () => {
    const { state } = run([create(), create(), cmd('HidePolicyVersion', 2)]);
    expect(decidePolicy(state, cmd('HidePolicyVersion', 2))).toEqual([]);
    expect(decidePolicy(state, cmd('ActivatePolicyVersion', 1))).toEqual([]);
  });

  it('policy versions - unknown policies and versions are not found', () => {
    expect(() => decidePolicy(initialPolicyState, cmd('ActivatePolicyVersion', 1))).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
    const { state } = run([create()]);
    expect(() => decidePolicy(state, cmd('ActivatePolicyVersion', 7))).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });

  it('policy versions - a name keeps its analysis type', () => {
    const { state } = run([create()]);
    const { name: _a, version: _b, ...tidal } = DEFAULT_TIDAL_POLICY;
    expect(() =>
      decidePolicy(state, { type: 'CreatePolicyVersion', name: NAME, analysisType: 'tidal', settings: tidal, at: 3 }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('policy versions - invalid settings are refused with the reasons', () => {
    expect(() => run([create({ cpuPercentile: 1.5 })])).toThrow(/cpuPercentile must be within/);
    expect(() => run([{ ...create(), settings: { ...rightsizeSettings, surprise: 1 } } as PolicyCommand])).toThrow(
      /surprise is not a setting/,
    );
    expect(() => run([{ ...create(), name: 'bad name!' } as PolicyCommand])).toThrow(/policy name/);
  });

  it('policy versions - the default policies are valid settings of their type', () => {
    for (const [type, policy] of Object.entries(DEFAULT_POLICIES)) {
      const { name: _a, version: _b, ...settings } = policy;
      expect(validatePolicySettings(type as keyof typeof DEFAULT_POLICIES, settings)).toEqual([]);
    }
    const { name: _a, version: _b, ...tidal } = DEFAULT_TIDAL_POLICY;
    expect(validatePolicySettings('tidal', { ...tidal, minCycles: 'many' })).toEqual(['minCycles must be a number']);
    expect(validatePolicySettings('tidal', { ...tidal, permutations: 100 })).toEqual(['permutations is not a setting']);
    expect(validatePolicySettings('health', { ...tidal })).toContain('hotspotPct is missing');
  });

  it('policy versions - any sequence of commands keeps exactly one active version and unique version numbers', () => {
    let state: PolicyState = initialPolicyState;
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const types = ['ActivatePolicyVersion', 'HidePolicyVersion', 'ShowPolicyVersion', 'ArchivePolicyVersion'] as const;
    for (let i = 0; i < 500; i++) {
      const versions = state.exists ? state.versions.length : 0;
      const command =
        next() < 0.2 || versions === 0
          ? create({}, next() < 0.3)
          : cmd(types[Math.floor(next() * 4)]!, 1 + Math.floor(next() * versions));
      try {
        state = decidePolicy(state, command).reduce(evolvePolicy, state);
      } catch (error) {
        expect(error).toBeInstanceOf(PolicyCommandError);
      }
      expect(activeCount(state)).toBe(1);
      const numbers = state.exists ? state.versions.map((v) => v.version) : [];
      expect(new Set(numbers).size).toBe(numbers.length);
    }
  });
});
