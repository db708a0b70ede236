/**
 * Decoding node-soap's generic object tree for vim25 values. With a minimal WSDL, node-soap hands back
 * `{ attributes, $value }` for elements with attributes and plain strings otherwise; polymorphic values keep
 * their xsi:type in `attributes` under whatever prefix the server bound to the XSI namespace
 * (`xsi:`, `XMLSchema-instance:`, `_XMLSchema-instance:` on vcsim), and a repeated element that occurs once
 * collapses to a single object unless the schema declares it unbounded.
 */

export interface MoRef {
  type: string;
  value: string;
}

/** A node as node-soap parsed it. */
export type SoapNode = { attributes?: Record<string, string>; $value?: unknown; [child: string]: unknown };

export function asArray<T>(value: T | T[] | null | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isNode(value: unknown): value is SoapNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The local name of an element's xsi:type, whatever prefix carries it. */
export function xsiType(value: unknown): string | undefined {
  if (!isNode(value) || !value.attributes) return undefined;
  for (const [key, type] of Object.entries(value.attributes)) {
    if (key !== 'type' && key.endsWith(':type')) return type.slice(type.indexOf(':') + 1);
  }
  return undefined;
}

/** Text content of a leaf, whether or not it carried attributes. */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (isNode(value)) return value.$value === undefined || value.$value === null ? '' : String(value.$value);
  return String(value);
}

export function toMoRef(value: unknown): MoRef {
  return { type: isNode(value) ? (value.attributes?.type ?? '') : '', value: text(value) };
}

/** The request form of a moref: the `type` attribute is mandatory on the wire. */
export function moRefArg(ref: MoRef): SoapNode {
  return { attributes: { type: ref.type }, $value: ref.value };
}

const NUMERIC = new Set(['int', 'long', 'short', 'byte', 'float', 'double']);
const ARRAY_OF_PRIMITIVE: Record<string, string> = {
  ArrayOfString: 'string',
  ArrayOfInt: 'int',
  ArrayOfLong: 'long',
  ArrayOfShort: 'short',
  ArrayOfBoolean: 'boolean',
};

/**
 * A DynamicProperty value as a plain JS value: numbers, booleans, strings (enums, dateTimes), morefs, arrays of
 * those; complex data objects come back as the parsed node for the caller to read.
 */
export function decodeValue(value: unknown): unknown {
  const type = xsiType(value);
  if (type === undefined) return isNode(value) && !value.attributes ? value : text(value);
  const node = value as SoapNode;
  if (NUMERIC.has(type)) return Number(text(node));
  if (type === 'boolean') return text(node) === 'true';
  if (type === 'ManagedObjectReference') return toMoRef(node);
  if (type === 'ArrayOfManagedObjectReference') return asArray(node.ManagedObjectReference).map(toMoRef);
  const primitive = ARRAY_OF_PRIMITIVE[type];
  if (primitive) {
    return asArray(node[primitive]).map((v) =>
      NUMERIC.has(primitive) ? Number(text(v)) : primitive === 'boolean' ? text(v) === 'true' : text(v),
    );
  }
  if (node.$value !== undefined) return text(node);
  return node;
}

/** A numeric field of a parsed data object (node-soap leaves undeclared fields as strings). */
export function num(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(text(value));
  return Number.isFinite(n) ? n : undefined;
}
