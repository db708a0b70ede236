import { defineServiceEvents } from './service-events';

export const REPORTER_EVENTS = defineServiceEvents({
  produces: ['ReportRequested', 'ReportGenerated', 'ReportFailed'],
  // Reports are built from query-api's read models in ClickHouse, not from events.
  consumes: [],
  readsAggregates: ['REPORTS'],
});
