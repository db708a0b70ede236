import type { SubjectTransformConfig } from '@nats-io/jetstream';

/**
 * The RAW stream is partitioned so that several ETL replicas can load it with one writer per key. A producer publishes
 * a raw event on `justfit.raw.<connectionId>.<taskId>` (`rawSubject`); the stream stores it on
 * `justfit.raw.<partition>.<connectionId>.<taskId>`, where the server computes `partition` from the connection id
 * (NATS deterministic subject-token partitioning, a stable FNV-1a hash modulo the partition count). Every sample of
 * a connection, its inventory and its end markers are therefore in one partition, in publishing order, and one ETL
 * replica at a time owns a partition. The count lives in the stream's configuration only, so producers never need it.
 */

const RAW_PREFIX = 'justfit.raw';
/** What producers publish to: the connection and the task, nothing else (other subjects find no stream). */
const RAW_PUBLISHED = `${RAW_PREFIX}.*.*`;

export const DEFAULT_RAW_PARTITIONS = 4;
export const MAX_RAW_PARTITIONS = 64;

/** The subject a raw event is published on; one function for the collector, the importer and the tools. */
export function rawSubject(connectionId: string, taskId: string): string {
  return `${RAW_PREFIX}.${connectionId}.${taskId}`;
}

/** The subjects the RAW stream captures. */
export const rawStreamSubjects = [RAW_PUBLISHED];

/** The stream's transform that adds the partition token. */
export function rawSubjectTransform(partitions: number): SubjectTransformConfig {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_RAW_PARTITIONS) {
    throw new Error(`RAW partitions must be a whole number from 1 to ${MAX_RAW_PARTITIONS}, not ${partitions}`);
  }
  return {
    src: RAW_PUBLISHED,
    dest: `${RAW_PREFIX}.{{partition(${partitions},1)}}.{{wildcard(1)}}.{{wildcard(2)}}`,
  };
}

/** The partition count of a RAW stream, read back from its transform (undefined: not partitioned). */
export function rawPartitionsOf(transform: SubjectTransformConfig | undefined): number | undefined {
  const match = /\{\{\s*partition\(\s*(\d+)\s*,/i.exec(transform?.dest ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The stored subjects of one partition: what its consumer filters on. */
export function rawPartitionFilter(partition: number): string {
  return `${RAW_PREFIX}.${partition}.>`;
}

/** The partition of a stored RAW subject (`justfit.raw.<partition>.<connectionId>.<taskId>`); undefined for others. */
export function rawPartitionOfStored(subject: string): number | undefined {
  const [, , token] = subject.split('.');
  const partition = Number(token);
  return subject.startsWith(`${RAW_PREFIX}.`) && Number.isInteger(partition) ? partition : undefined;
}
