export const LIVE_FEED = Symbol('LiveFeed');
export const PROJECTIONS = Symbol('ProjectionRunner');
export const EVENT_STORE = Symbol('EventStore');
