export const RAW_INGEST = Symbol('RawIngest');
