export * from './inventory';
export * from './inventory-rows';
export * from './metrics';
export * from './paging';
export * from './vm-history';
export * from './findings';
export * from './known-entities';
