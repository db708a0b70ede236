import { EntityType, RawSample } from '@justfit/events';
import {
  checkSample,
  COUNTER_RULES,
  metricOf,
  type SampleCheckContext,
  type SampleRejectionCode,
} from '@justfit/storage';
import { parseTimestamp } from './timestamps';

export type ImportFormat = 'long' | 'wide';

/** Per-VM columns of the wide form that describe the VM rather than measure it. */
export const WIDE_ATTRIBUTES = ['name', 'cpu_count', 'memory_mb', 'disk_gb', 'power_state', 'cluster', 'host'] as const;
export type WideAttribute = (typeof WIDE_ATTRIBUTES)[number];

export type Layout =
  | {
      format: 'long';
      entity: number;
      timestamp: number;
      metric: number;
      value: number;
      unit?: number;
      entityType?: number;
      width: number;
    }
  | {
      format: 'wide';
      entity: number;
      timestamp: number;
      width: number;
      metrics: Array<{ column: number; counter: string; unit: string }>;
      attributes: Partial<Record<WideAttribute, number>>;
    };

export interface RowEntity {
  kind: EntityType;
  id: string;
  attributes: Partial<Record<WideAttribute, string>>;
}

export type LineRejectionCode =
  'bad_row' | 'bad_entity' | 'bad_timestamp' | 'bad_value' | 'bad_entity_type' | 'line_too_long' | SampleRejectionCode;

export type RowOutcome = { entity: RowEntity; samples: RawSample[] } | { code: LineRejectionCode; reason: string };

const METRIC_COLUMN = /^([A-Za-z][\w]*(?:\.[\w]+)+)(?:\[([^\]]*)\])?$/;

/**
 * Reads the header: the long form has entity, timestamp, metric and value (and may have unit and entity_type); the
 * wide per-VM form has vm (or entity) and timestamp, metric columns (`mem.active_mb` or with a unit,
 * `mem.active_mb[GB]`) and optional attribute columns. Names are case-insensitive. Throws with the reason when the
 * header fits neither.
 */
export function readHeader(header: readonly string[], hint?: ImportFormat): Layout {
  const names = header.map((h) => h.trim());
  const index = (...candidates: string[]) => {
    const i = names.findIndex((n) => candidates.includes(n.toLowerCase()));
    return i === -1 ? undefined : i;
  };
  const entity = index('entity', 'entity_id', 'vm', 'vm_id');
  const timestamp = index('timestamp', 'time', 'ts');
  if (entity === undefined || timestamp === undefined)
    throw new Error('the header needs an entity (or vm) column and a timestamp column');
  const metric = index('metric');
  const value = index('value');
  const format = hint ?? (metric !== undefined && value !== undefined ? 'long' : 'wide');
  if (format === 'long') {
    if (metric === undefined || value === undefined)
      throw new Error('the long form needs the columns entity, timestamp, metric and value');
    return {
      format,
      entity,
      timestamp,
      metric,
      value,
      unit: index('unit'),
      entityType: index('entity_type'),
      width: names.length,
    };
  }
  const attributes: Partial<Record<WideAttribute, number>> = {};
  const metrics: Array<{ column: number; counter: string; unit: string }> = [];
  names.forEach((name, column) => {
    if (column === entity || column === timestamp) return;
    const attribute = WIDE_ATTRIBUTES.find((a) => a === name.toLowerCase());
    if (attribute) return void (attributes[attribute] = column);
    const m = METRIC_COLUMN.exec(name);
    if (!m)
      throw new Error(
        `column ${JSON.stringify(name)} is neither a metric (e.g. cpu.usage_pct, mem.active_mb[GB]) nor one of ${WIDE_ATTRIBUTES.join(', ')}`,
      );
    const counter = m[1]!;
    const unit = m[2]?.trim() ?? '';
    const problem = columnProblem(counter, unit);
    if (problem) throw new Error(`column ${JSON.stringify(name)}: ${problem}`);
    metrics.push({ column, counter, unit });
  });
  if (metrics.length === 0) throw new Error('the wide form needs at least one metric column');
  return { format, entity, timestamp, metrics, attributes, width: names.length };
}

/** Whether a wide-form metric column can hold a VM's samples: its counter known and its unit one the counter takes. */
function columnProblem(counter: string, unit: string): string | undefined {
  const rule = COUNTER_RULES[counter];
  if (!rule || !metricOf(rule, 'vm'))
    return `${counter} is not a metric JustFit knows for a VM (see docs/metrics-import.md)`;
  if (!rule.units[unit]) {
    const units = Object.keys(rule.units).filter((u) => u !== '');
    return `unit ${JSON.stringify(unit)} is not one ${counter} comes in (${units.join(', ')})`;
  }
  return undefined;
}

/**
 * One data row: the entity it is about and its samples, or why it cannot be taken. Every sample must fit the raw
 * sample contract (the schema its MetricsObserved event is checked against) and pass the same checks the ETL makes
 * (`checkSample`: counter and unit, plausible range, time within retention); one that does not refuses its line,
 * so that what is published is loaded whole.
 */
export function readRow(layout: Layout, fields: readonly string[], check: SampleCheckContext): RowOutcome {
  if (fields.length !== layout.width)
    return { code: 'bad_row', reason: `${fields.length} fields, the header has ${layout.width}` };
  const id = fields[layout.entity]!;
  if (id === '' || id.length > 200) return { code: 'bad_entity', reason: 'the entity id must be 1 to 200 characters' };
  const ts = parseTimestamp(fields[layout.timestamp]!);
  if (ts === undefined)
    return {
      code: 'bad_timestamp',
      reason: `${JSON.stringify(fields[layout.timestamp])} is not an ISO 8601 time or epoch seconds/milliseconds`,
    };
  let entity: RowEntity;
  const samples: RawSample[] = [];
  if (layout.format === 'long') {
    const kind = EntityType.safeParse(
      layout.entityType === undefined ? 'vm' : fields[layout.entityType]!.toLowerCase() || 'vm',
    );
    if (!kind.success)
      return { code: 'bad_entity_type', reason: `entity_type must be one of ${EntityType.options.join(', ')}` };
    const value = parseNumber(fields[layout.value]!);
    if (value === undefined)
      return { code: 'bad_value', reason: `${JSON.stringify(fields[layout.value])} is not a number` };
    const unit = layout.unit === undefined ? '' : fields[layout.unit]!;
    entity = { kind: kind.data, id, attributes: {} };
    samples.push({
      entityType: kind.data,
      entityId: id,
      counter: fields[layout.metric]!,
      instance: '',
      unit,
      timestamp: ts,
      value,
    });
  } else {
    for (const { column, counter, unit } of layout.metrics) {
      const cell = fields[column]!;
      if (cell === '') continue;
      const value = parseNumber(cell);
      if (value === undefined)
        return { code: 'bad_value', reason: `${counter}: ${JSON.stringify(cell)} is not a number` };
      samples.push({ entityType: 'vm', entityId: id, counter, instance: '', unit, timestamp: ts, value });
    }
    const attributes: Partial<Record<WideAttribute, string>> = {};
    for (const [name, column] of Object.entries(layout.attributes) as Array<[WideAttribute, number]>) {
      if (fields[column]) attributes[name] = fields[column];
    }
    entity = { kind: 'vm', id, attributes };
  }
  for (let i = 0; i < samples.length; i++) {
    const problem = sampleProblem(samples[i]!, i === 0, check);
    if (problem) return problem;
  }
  return { entity, samples };
}

const VALUE_ONLY = RawSample.pick({ value: true });

const CONTRACT_CODES: Partial<Record<string, LineRejectionCode>> = {
  timestamp: 'bad_timestamp',
  value: 'bad_value',
  entityId: 'bad_entity',
};

/**
 * The samples of a row differ only in counter, unit and value: the first is checked whole against the contract, the
 * others by their value (the contract's own field schema), which keeps the check cheap on wide files.
 */
function sampleProblem(
  sample: RawSample,
  whole: boolean,
  check: SampleCheckContext,
): { code: LineRejectionCode; reason: string } | undefined {
  const contract = whole ? RawSample.safeParse(sample) : VALUE_ONLY.safeParse(sample);
  if (!contract.success) {
    const issue = contract.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    return { code: CONTRACT_CODES[field] ?? 'bad_row', reason: `${sample.counter}: ${issue.message}` };
  }
  const verdict = checkSample(sample, check);
  return verdict.ok ? undefined : { code: verdict.code, reason: verdict.reason };
}

function parseNumber(text: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) return undefined;
  return Number(text);
}
