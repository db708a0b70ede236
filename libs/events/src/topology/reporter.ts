import { defineServiceEvents } from './service-events';

export const REPORTER_EVENTS = defineServiceEvents({
  produces: ['ReportRequested', 'ReportProgressed', 'ReportGenerated', 'ReportFailed'],
  // Reports are tasks: one replica takes each request and generates it from query-api's read models in ClickHouse.
  consumes: [
    { name: 'reporter-requests', durable: true, events: ['ReportRequested'] },
    // A report's currency, time zone and branding default to the settings in force when it is generated.
    {
      name: 'settings',
      durable: false,
      events: ['CurrencyAndPricesChanged', 'DefaultTimeZoneChanged', 'ReportBrandingChanged'],
    },
  ],
  readsAggregates: ['REPORTS', 'SETTINGS'],
});
