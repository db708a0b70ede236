export const LIVE_FEED = Symbol('LiveFeed');
export const PROJECTIONS = Symbol('ProjectionRunner');
export const EVENT_STORE = Symbol('EventStore');
export const ACCESS = Symbol('AccessControl');
export const AUTHENTICATOR = Symbol('Authenticator');
export const AUDIT = Symbol('AuditTrail');
export const PIPELINE = Symbol('PipelineSampler');
export const REPORT_OBJECTS = Symbol('ReportObjectReader');
