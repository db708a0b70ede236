import type { ServiceMetrics } from '@justfit/service-kit';
import type { DefinitionNode, ExecutionResult, GraphQLError, OperationDefinitionNode, SelectionNode } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { Counter, Histogram } from 'prom-client';

/**
 * GraphQL request metrics: how long each operation runs (by operation type and root field: names from the schema,
 * so the labels stay few) and the errors answered, by their code (400, 401, 403, 404, 408, 429, 1001-1005, 500).
 * Refusals before execution (authentication, limits, validation) count as errors too.
 */
export function useGraphQLMetrics(metrics: ServiceMetrics): Plugin {
  const duration = new Histogram({
    name: 'justfit_graphql_request_duration_seconds',
    help: 'Time to execute a GraphQL operation, by operation type and root field.',
    labelNames: ['operation_type', 'operation'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
    registers: [metrics.registry],
  });
  const errors = new Counter({
    name: 'justfit_graphql_errors_total',
    help: 'Errors answered to GraphQL requests, by code.',
    labelNames: ['code'] as const,
    registers: [metrics.registry],
  });
  const countErrors = (result: ExecutionResult) => {
    for (const e of result.errors ?? []) errors.inc({ code: codeOf(e) });
  };
  return {
    onExecute({ args }) {
      const op = args.document.definitions.find(
        (d: DefinitionNode): d is OperationDefinitionNode =>
          d.kind === 'OperationDefinition' && (!args.operationName || d.name?.value === args.operationName),
      );
      const first = op?.selectionSet.selections.find((s: SelectionNode) => s.kind === 'Field');
      const stop = duration.startTimer({
        operation_type: op?.operation ?? 'unknown',
        operation: first?.kind === 'Field' ? first.name.value : 'unknown',
      });
      return { onExecuteDone: () => void stop() };
    },
    onResultProcess({ result }) {
      if (Array.isArray(result)) result.forEach(countErrors);
      else if (!isAsyncIterable(result)) countErrors(result as ExecutionResult);
    },
  };
}

function codeOf(error: GraphQLError): string {
  const code = error.extensions?.code;
  return typeof code === 'number' || typeof code === 'string' ? String(code) : '500';
}
