import type { CollectScope, RawEntity, RawSample } from '@justfit/events';

export interface ConnectionTestResult {
  success: boolean;
  message: string;
  latencyMs: number;
  serverVersion?: string;
  apiVersion?: string;
  code?: number;
  /** What went wrong, in the platform's or the network's words: for the collector's log, never for the caller. */
  detail?: string;
}

export interface MetricsRequest {
  scope: CollectScope;
  startTime: number;
  endTime: number;
  intervalSec: number;
  /** Platform counter names; empty means the connector's default set. */
  counters: string[];
  /** Entities found by the inventory pass, so metrics need not list the estate again. */
  entities: RawEntity[];
}

/** What every platform adapter (vCenter, H3C CAS, simulated) offers the collector. */
export interface PlatformConnector {
  test(): Promise<ConnectionTestResult>;
  /** Inventory in bounded batches, so memory stays flat whatever the estate's size. */
  inventory(scope: CollectScope, signal: AbortSignal): AsyncIterable<RawEntity[]>;
  metrics(request: MetricsRequest, signal: AbortSignal): AsyncIterable<RawSample[]>;
  close(): Promise<void>;
}

export interface ConnectorTarget {
  type: 'vcenter' | 'h3c' | 'simulated';
  endpoint: string;
  port: number;
  username: string;
  password: string;
  verifyTls: boolean;
}
