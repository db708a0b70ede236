import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getOperationAST,
  Kind,
  type SelectionSetNode,
  type ValueNode,
  visit,
} from 'graphql';
import type { OperationRule } from '../auth/operation-rules';

/** Where the first string longer than `max` characters is, in the document's literals or the variables. */
export function oversizedString(document: DocumentNode, variables: unknown, max: number): string | undefined {
  let found: string | undefined;
  visit(document, {
    Argument(node) {
      found ??= oversizedLiteral(node.value, `argument ${node.name.value}`, max);
      return false;
    },
  });
  return found ?? oversizedValue(variables, 'variable', max);
}

function oversizedLiteral(node: ValueNode, path: string, max: number): string | undefined {
  if (node.kind === Kind.STRING) return node.value.length > max ? path : undefined;
  if (node.kind === Kind.LIST) {
    for (const [i, v] of node.values.entries()) {
      const found = oversizedLiteral(v, `${path}[${i}]`, max);
      if (found) return found;
    }
  }
  if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) {
      const found = oversizedLiteral(field.value, `${path}.${field.name.value}`, max);
      if (found) return found;
    }
  }
  return undefined;
}

function oversizedValue(value: unknown, path: string, max: number): string | undefined {
  if (typeof value === 'string') return value.length > max ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = oversizedValue(v, `${path}[${i}]`, max);
      if (found) return found;
    }
  } else if (value && typeof value === 'object' && !(typeof File !== 'undefined' && value instanceof File)) {
    for (const [k, v] of Object.entries(value)) {
      const found = oversizedValue(v, path === 'variable' ? `variable $${k}` : `${path}.${k}`, max);
      if (found) return found;
    }
  }
  return undefined;
}

/** `Query.vms`, `Mutation.runAnalysis`…: the root fields the operation asks for. */
export function rootFieldsOf(document: DocumentNode, operationName?: string | null): string[] {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return [];
  const type = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' }[operation.operation];
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const names = new Set<string>();
  const seen = new Set<string>();
  const collect = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.add(`${type}.${selection.name.value}`);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return [...names];
}

/** The request's time limit: the default, or the longest a root field's rule allows. */
export function timeLimitOf(
  fields: string[],
  rules: Readonly<Record<string, OperationRule>>,
  defaultMs: number,
): number {
  return Math.max(defaultMs, ...fields.map((f) => rules[f]?.timeoutMs ?? 0));
}
