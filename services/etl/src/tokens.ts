export const RAW_INGEST = Symbol('RawIngest');
export const SETTINGS_RETENTION = Symbol('SettingsRetention');
