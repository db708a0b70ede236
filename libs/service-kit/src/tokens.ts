/** DI tokens. Services inject by token because tsx does not emit decorator metadata. */
export const BUS = Symbol('EventBus');
export const CONFIG = Symbol('Config');
export const LOGGER = Symbol('Logger');
export const METRICS = Symbol('Metrics');
export const READINESS = Symbol('Readiness');
export const CLICKHOUSE = Symbol('ClickHouse');
