export const EVENT_STORE = Symbol('EventStore');
export const POLICIES = Symbol('PolicyRepository');
