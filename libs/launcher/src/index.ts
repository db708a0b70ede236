export * from './admin-token';
export * from './estate';
export * from './graphql-client';
export * from './master-key';
export * from './nats-auth';
export * from './ports';
export * from './process';
export * from './tools';
