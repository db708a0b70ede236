export const EVENT_STORE = Symbol('EventStore');
