export const SECRETS = Symbol('SecretStore');
export const EVENT_STORE = Symbol('EventStore');
export const CONNECTIONS = Symbol('ConnectionRepository');
export const ENDPOINT_POLICY = Symbol('EndpointPolicy');
