export const KNOWN_ENTITIES = Symbol('KnownEntities');
export const REJECTIONS = Symbol('RejectedRecords');
