import {
  type AnalysisType,
  type EntityType,
  type EvidenceOf,
  type FindingBody,
  type FindingOf,
  HealthEvidence,
  RightsizeEvidence,
  TidalEvidence,
  ZombieEvidence,
} from '@justfit/events';
import { findingIdOf } from '../findings/finding';

/**
 * What an analysis concluded about one entity: a finding body when the condition holds, a reason when the entity
 * could not be judged, nothing when the condition does not hold (an open finding of it then resolves).
 */
export interface Candidate {
  findingId: string;
  entityId: string;
  body?: FindingBody;
  skipped?: string;
  /** Why an open finding of this candidate is resolved, when not the analysis type's usual reason. */
  resolvedBecause?: string;
  /** A fault of JustFit's own (evidence its contract refuses): the entity is skipped and the runner logs this. */
  defect?: string;
}

/** The skip reason of an entity whose evidence broke its contract; the run goes on with the other entities. */
export const EVIDENCE_DEFECT = 'its evidence broke the finding contract (the analyzer log has the details)';

/** Today's evidence schema of each type, strict: an analysis must not emit evidence its contract does not describe. */
const EVIDENCE = { zombie: ZombieEvidence, rightsize: RightsizeEvidence, tidal: TidalEvidence, health: HealthEvidence };

export interface FindingFacts<T extends AnalysisType> {
  connectionId: string;
  entity: { type: EntityType; id: string; name: string };
  /** The rule's judgement of how sure it is and how risky acting on it is. */
  assessed: { confidence: number; riskLevel: FindingBody['riskLevel'] };
  described: { conclusion: string; recommendation: string };
  savings: FindingBody['savings'];
  evidence: EvidenceOf<T>;
  policy: { name: string; version: number };
  run: { runId: string; now: number };
}

/**
 * The one way an analysis turns a verdict into a finding candidate; the evidence is checked against its contract.
 * Evidence that breaks it skips this entity alone, rather than failing the run for the whole estate.
 */
export function findingCandidate<T extends AnalysisType>(analysisType: T, facts: FindingFacts<T>): Candidate {
  const findingId = findingIdOf(analysisType, facts.connectionId, facts.entity.id);
  const checked = EVIDENCE[analysisType].safeParse(facts.evidence);
  if (!checked.success) {
    return {
      findingId,
      entityId: facts.entity.id,
      skipped: EVIDENCE_DEFECT,
      defect: `${analysisType} evidence of ${facts.entity.id} breaks its contract: ${checked.error.message}`,
    };
  }
  const body = {
    findingId,
    analysisType,
    connectionId: facts.connectionId,
    entityType: facts.entity.type,
    entityId: facts.entity.id,
    entityName: facts.entity.name,
    conclusion: facts.described.conclusion,
    recommendation: facts.described.recommendation,
    confidence: facts.assessed.confidence,
    riskLevel: facts.assessed.riskLevel,
    savings: { ...facts.savings },
    evidence: { ...facts.evidence },
    policy: { name: facts.policy.name, version: facts.policy.version },
    runId: facts.run.runId,
    analysedAt: facts.run.now,
  } as FindingOf<T>;
  return { findingId, entityId: facts.entity.id, body };
}

/** A candidate without a finding: not judged (`skipped`), or judged fine (an open finding resolves, maybe `because`). */
export function noFinding(
  analysisType: AnalysisType,
  connectionId: string,
  entityId: string,
  outcome: { skipped?: string; resolvedBecause?: string } = {},
): Candidate {
  return { findingId: findingIdOf(analysisType, connectionId, entityId), entityId, ...outcome };
}

export const NO_SAVINGS: FindingBody['savings'] = { cpuCores: 0, memoryMb: 0, diskGb: 0, amount: 0 };
