import { OutboundPolicy, parseCidrList } from '@justfit/service-kit';
import type { QueryApiConfig } from '../config';
import { type DiagnosticsPackage, diagnosticsPackage, type DiagnosticsSources } from './diagnostics';
import { checkForUpdate, type UpdateCheck } from './update-check';

/** The API's view of its own installation: the diagnostics package and the update check. */
export class Operations {
  private readonly policy: OutboundPolicy;

  constructor(
    private readonly sources: Omit<DiagnosticsSources, 'config' | 'version'>,
    private readonly config: QueryApiConfig,
  ) {
    this.policy = new OutboundPolicy(
      { allowed: parseCidrList(config.OUTBOUND_ALLOWED_CIDRS), denied: parseCidrList(config.OUTBOUND_DENIED_CIDRS) },
      {
        destinations: 'outbound requests',
        allowVariable: 'OUTBOUND_ALLOWED_CIDRS',
        denyVariable: 'OUTBOUND_DENIED_CIDRS',
      },
    );
  }

  diagnostics(): Promise<DiagnosticsPackage> {
    return diagnosticsPackage({ ...this.sources, config: this.config, version: this.config.JUSTFIT_VERSION });
  }

  checkUpdate(): Promise<UpdateCheck> {
    return checkForUpdate({
      feedUrl: this.config.UPDATE_FEED_URL,
      timeoutMs: this.config.UPDATE_CHECK_TIMEOUT_MS,
      currentVersion: this.config.JUSTFIT_VERSION,
      policy: this.policy,
    });
  }
}
