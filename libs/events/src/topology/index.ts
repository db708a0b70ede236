import { ANALYZER_EVENTS } from './analyzer';
import { COLLECTOR_EVENTS } from './collector';
import { ETL_EVENTS } from './etl';
import { QUERY_API_EVENTS } from './query-api';
import { REPORTER_EVENTS } from './reporter';
import type { ServiceEvents } from './service-events';

export * from './service-events';
export { ANALYZER_EVENTS, COLLECTOR_EVENTS, ETL_EVENTS, QUERY_API_EVENTS, REPORTER_EVENTS };

/** Every service's declaration, by the service's name. */
export const SERVICE_EVENTS = {
  collector: COLLECTOR_EVENTS,
  etl: ETL_EVENTS,
  analyzer: ANALYZER_EVENTS,
  reporter: REPORTER_EVENTS,
  'query-api': QUERY_API_EVENTS,
} as const satisfies Record<string, ServiceEvents>;
