/** The ETL's ingest, for tests that run it inside another process (the service itself starts from main.ts). */
export { EtlConfigSchema, type EtlConfig } from './config';
export { RawIngest, type RawIngestDeps } from './ingest/raw-ingest';
