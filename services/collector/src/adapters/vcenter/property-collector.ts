import { VimFault } from './soap/vim-fault';
import { asArray, decodeValue, moRefArg, toMoRef, type MoRef, type SoapNode } from './soap/vim-values';
import type { VimClient } from './vim-client';

/** One managed object with the requested properties decoded (unset properties are simply absent). */
export interface ObjectProps {
  ref: MoRef;
  props: Map<string, unknown>;
}

export interface ViewQuery {
  /** Managed object types to put in the container view. */
  types: string[];
  /** Property paths per type; every type in `types` should have an entry. */
  paths: Record<string, string[]>;
  /** Page size asked of the server (it may return fewer). */
  maxObjects: number;
  container?: MoRef;
}

interface Page {
  objects: ObjectProps[];
  /** Set while more pages follow. */
  token?: string;
}

function readObjects(result: SoapNode | undefined): Page {
  const returnval = (result?.returnval ?? {}) as SoapNode;
  const objects = asArray(returnval.objects as SoapNode[] | undefined).map((o) => {
    const props = new Map<string, unknown>();
    for (const p of asArray(o.propSet as SoapNode[] | undefined)) props.set(String(p.name), decodeValue(p.val));
    return { ref: toMoRef(o.obj), props };
  });
  const token = returnval.token === undefined ? undefined : String(returnval.token);
  return { objects, token };
}

function filterSpec(view: MoRef, query: ViewQuery) {
  return {
    propSet: query.types.map((type) => ({ type, pathSet: query.paths[type] ?? ['name'] })),
    objectSet: [
      {
        obj: moRefArg(view),
        skip: true,
        selectSet: [
          {
            attributes: { 'xsi:type': 'vim25:TraversalSpec' },
            name: 'view',
            type: 'ContainerView',
            path: 'view',
            skip: false,
          },
        ],
      },
    ],
  };
}

/** RetrievePropertiesEx, then ContinueRetrievePropertiesEx for as long as the server hands back a token. */
async function* retrievePages(
  client: VimClient,
  specSet: unknown[],
  options: Record<string, unknown>,
  signal?: AbortSignal,
): AsyncGenerator<Page> {
  const { propertyCollector } = client.serviceContent;
  let page = readObjects(await client.call('RetrievePropertiesEx', propertyCollector, { specSet, options }, signal));
  for (;;) {
    yield page;
    if (!page.token) return;
    page = readObjects(
      await client.call('ContinueRetrievePropertiesEx', propertyCollector, { token: page.token }, signal),
    );
  }
}

/** Faults that mean the view or the paging token died with the session the server dropped. */
const SESSION_LOSS = new Set(['NotAuthenticated', 'ManagedObjectNotFound', 'InvalidArgument', 'InvalidState']);

/**
 * Pages through a recursive ContainerView with RetrievePropertiesEx / ContinueRetrievePropertiesEx, yielding
 * one page at a time. The view is destroyed afterwards (and the token cancelled if the caller stops early).
 * If the session is lost mid-way, the view is rebuilt once and paging restarts, skipping objects already yielded.
 */
export async function* retrieveFromView(
  client: VimClient,
  query: ViewQuery,
  signal?: AbortSignal,
): AsyncGenerator<ObjectProps[]> {
  const { propertyCollector, viewManager, rootFolder } = client.serviceContent;
  const seen = new Set<string>();
  for (let attempt = 0; ; attempt++) {
    const generation = client.sessionGeneration;
    const viewResult = await client.call(
      'CreateContainerView',
      viewManager,
      {
        container: moRefArg(query.container ?? rootFolder),
        type: query.types,
        recursive: true,
      },
      signal,
    );
    const view = toMoRef(viewResult.returnval);
    let token: string | undefined;
    try {
      for await (const page of retrievePages(
        client,
        [filterSpec(view, query)],
        { maxObjects: query.maxObjects },
        signal,
      )) {
        token = page.token;
        const fresh = attempt === 0 ? page.objects : page.objects.filter((o) => !seen.has(o.ref.value));
        for (const o of fresh) seen.add(o.ref.value);
        if (fresh.length) yield fresh;
        if (token) signal?.throwIfAborted();
      }
      return;
    } catch (error) {
      if (attempt > 0 || !(await lostWithSession(client, error, generation, signal))) throw error;
      token = undefined;
    } finally {
      if (token) await client.call('CancelRetrievePropertiesEx', propertyCollector, { token }).catch(() => undefined);
      await client.call('DestroyView', view).catch(() => undefined);
    }
  }
}

async function lostWithSession(
  client: VimClient,
  error: unknown,
  generation: number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (!(error instanceof VimFault) || !SESSION_LOSS.has(error.faultName)) return false;
  if (error.faultName === 'NotAuthenticated' || client.sessionGeneration !== generation) return true;
  // vcsim answers ManagedObjectNotFound for a view whose session was terminated: probe the session, which
  // re-logs in if it is gone.
  await retrieveObjects(client, [client.serviceContent.rootFolder], ['name'], signal);
  return client.sessionGeneration !== generation;
}

/** Reads properties of a few known objects (no view), e.g. the PerformanceManager's counter catalogue. */
export async function retrieveObjects(
  client: VimClient,
  refs: MoRef[],
  paths: string[],
  signal?: AbortSignal,
): Promise<ObjectProps[]> {
  const types = [...new Set(refs.map((r) => r.type))];
  const spec = {
    propSet: types.map((type) => ({ type, pathSet: paths })),
    objectSet: refs.map((r) => ({ obj: moRefArg(r) })),
  };
  const objects: ObjectProps[] = [];
  for await (const page of retrievePages(client, [spec], {}, signal)) objects.push(...page.objects);
  return objects;
}
