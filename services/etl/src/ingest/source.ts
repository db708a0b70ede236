/** CloudEvents `source` of everything the ETL publishes. */
export const ETL_SOURCE = '/justfit/etl';
