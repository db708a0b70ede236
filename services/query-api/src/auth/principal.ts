import type { Role } from './roles';

/** Who a request comes from, once authenticated. */
export interface Principal {
  /** `token`: an API token (id `tok-…`); `oidc`: a person, by the `sub` of their OIDC token. */
  kind: 'token' | 'oidc';
  id: string;
  /** The token's name, or the person's preferred username or e-mail. */
  name: string;
  roles: Role[];
  /** Set when the principal may reach one connection's data only. */
  connectionId?: string;
}

/** The client's address, as the socket saw it. */
export type ClientAddress = string;
