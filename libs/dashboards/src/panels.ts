import * as barchart from '@grafana/grafana-foundation-sdk/barchart';
import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import * as piechart from '@grafana/grafana-foundation-sdk/piechart';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { CLICKHOUSE, sql } from './clickhouse';

/** Grafana's grid is 24 columns wide; panels are placed left to right, then on the next row. */
interface Size {
  span?: number;
  height?: number;
}

export const statPanel = (title: string, query: string, unit = 'short', size: Size = {}) =>
  new stat.PanelBuilder()
    .title(title)
    .datasource(CLICKHOUSE)
    .withTarget(sql(query))
    .unit(unit)
    .span(size.span ?? 6)
    .height(size.height ?? 4);

export const timeseriesPanel = (title: string, query: string, unit = 'short', size: Size = {}) =>
  new timeseries.PanelBuilder()
    .title(title)
    .datasource(CLICKHOUSE)
    .withTarget(sql(query, 'timeseries'))
    .unit(unit)
    .span(size.span ?? 12)
    .height(size.height ?? 8);

export const tablePanel = (title: string, query: string, size: Size = {}) =>
  new table.PanelBuilder()
    .title(title)
    .datasource(CLICKHOUSE)
    .withTarget(sql(query))
    .span(size.span ?? 24)
    .height(size.height ?? 10);

export const piePanel = (title: string, query: string, unit = 'short', size: Size = {}) =>
  new piechart.PanelBuilder()
    .title(title)
    .datasource(CLICKHOUSE)
    .withTarget(sql(query))
    // One slice per row (a label column and a value), not one reduced value per column.
    .reduceOptions(new ReduceDataOptionsBuilder().values(true).calcs([]))
    .unit(unit)
    .span(size.span ?? 8)
    .height(size.height ?? 8);

export const barPanel = (title: string, query: string, unit = 'short', size: Size = {}) =>
  new barchart.PanelBuilder()
    .title(title)
    .datasource(CLICKHOUSE)
    .withTarget(sql(query))
    .unit(unit)
    .span(size.span ?? 12)
    .height(size.height ?? 8);
