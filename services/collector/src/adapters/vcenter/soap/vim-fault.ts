import { text, xsiType, type SoapNode } from './vim-values';

/** A SOAP fault from vCenter, named by its vim25 fault type (InvalidLogin, NotAuthenticated, ...). */
export class VimFault extends Error {
  constructor(
    readonly faultName: string,
    message: string,
    readonly detail?: SoapNode,
  ) {
    super(message || faultName);
    this.name = 'VimFault';
  }
}

/** node-soap rejects with `root` holding the parsed envelope when the body is a SOAP fault. */
export function vimFaultFrom(error: unknown): VimFault | undefined {
  const fault = (error as { root?: { Envelope?: { Body?: { Fault?: SoapNode } } } } | null)?.root?.Envelope?.Body
    ?.Fault;
  if (!fault) return undefined;
  let name = 'SystemError';
  let detail: SoapNode | undefined;
  if (fault.detail && typeof fault.detail === 'object') {
    const entry = Object.entries(fault.detail as SoapNode).find(([key]) => key !== 'attributes');
    if (entry) {
      detail = entry[1] as SoapNode;
      name = xsiType(detail) ?? entry[0].replace(/Fault$/, '');
    }
  }
  return new VimFault(name, text(fault.faultstring), detail);
}

/** vcsim reports a lost session per property (missingSet) instead of as a fault; treat both alike. */
export function notAuthenticatedInMissingSet(missing: Array<{ fault?: unknown }>): boolean {
  return missing.some((m) => xsiType((m.fault as SoapNode | undefined)?.fault) === 'NotAuthenticated');
}
