import { HttpClient } from 'soap';

export const USER_AGENT = 'JustFit-collector (node-soap)';

type Callback = (error: unknown, res?: { headers?: Record<string, unknown> }, body?: unknown) => unknown;

/**
 * node-soap has no cookie handling; vCenter keys the session on the `vmware_soap_session` cookie that Login sets.
 * Capturing it here (rather than from the client's shared `lastResponseHeaders`) stays correct when several
 * calls are in flight at once.
 */
export class SessionHttpClient extends HttpClient {
  sessionCookie: string | undefined;

  override request(
    rurl: string,
    data: unknown,
    callback: Callback,
    exheaders: Record<string, unknown> = {},
    exoptions?: Record<string, unknown>,
  ) {
    // The user agent names JustFit in vCenter's session list.
    const headers = {
      ...exheaders,
      'User-Agent': USER_AGENT,
      ...(this.sessionCookie ? { Cookie: this.sessionCookie } : {}),
    };
    return super.request(
      rurl,
      data,
      (error: unknown, res?: { headers?: Record<string, unknown> }, body?: unknown) => {
        const setCookie = res?.headers?.['set-cookie'];
        for (const cookie of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
          const pair = String(cookie).split(';')[0]!.trim();
          if (pair.startsWith('vmware_soap_session=')) this.sessionCookie = pair;
        }
        return callback(error, res, body);
      },
      headers as never,
      exoptions as never,
    );
  }
}
