/** The vCenter (vim25 SOAP) connector. `VCenterConnector` is what the collector uses; the rest is for tools and tests. */
export { VCenterConnector, sdkUrl, type VcenterConnectorOptions, type VcenterTarget } from './vcenter-connector';
export { VcenterError, toVcenterError, type VcenterErrorCode } from './errors';
export { VimClient, type AboutInfo, type ServiceContent, type VimClientOptions } from './vim-client';
export { VimFault } from './soap/vim-fault';
export { retrieveFromView, retrieveObjects, type ObjectProps, type ViewQuery } from './property-collector';
export { collectInventory, type InventoryOptions } from './inventory/collect-inventory';
export { collectMetrics, DEFAULT_COUNTERS, REALTIME_INTERVAL, type MetricsQuery, type PerfOptions } from './perf/collect-metrics';
export { loadMaxQueryMetrics, loadPerfCatalogue, type CounterInfo, type PerfCatalogue } from './perf/perf-catalogue';
