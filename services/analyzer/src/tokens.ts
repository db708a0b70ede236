export const EVENT_STORE = Symbol('EventStore');
export const POLICIES = Symbol('PolicyRepository');
export const POLICY_READ_MODEL = Symbol('PolicyReadModel');
export const SETTINGS = Symbol('SettingsView');
