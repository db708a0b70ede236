import type {
  CommandInput,
  CommandName,
  CommandReply,
  EventBus,
  JobAction,
  JobWork,
  ServiceName,
} from '@justfit/events';

const hourMs = 3_600_000;

/**
 * Starts the work of one run with the command of the service that does it, as the API would: StartCollectTask to
 * the collector (the `windowHours` up to the due time), StartAnalysis to the analyzer, GenerateReport to the reporter.
 * Each answers once its task is requested (the task then runs on its own). A refusal or a missing answer is thrown (a
 * CommandError with its code).
 */
export async function startWork(
  bus: EventBus,
  job: { id: string; name: string; action: JobAction },
  dueAt: number,
  traceId: string,
): Promise<JobWork> {
  const send = <S extends ServiceName, C extends CommandName<S>>(
    service: S,
    command: C,
    input: CommandInput<S, C>,
    timeoutMs: number,
  ) => bus.request<CommandReply<S, C>>(service, command, input, { traceId, timeoutMs });
  const action = job.action;
  switch (action.kind) {
    case 'collect': {
      const { taskId } = await send(
        'collector',
        'StartCollectTask',
        {
          connectionId: action.connectionId,
          name: `${job.name} @ ${new Date(dueAt).toISOString()}`.slice(0, 200),
          startTime: dueAt - action.windowHours * hourMs,
          endTime: dueAt,
          sampleIntervalSec: action.sampleIntervalSec,
        },
        30_000,
      );
      return { kind: 'collectTask', taskId };
    }
    case 'analyze': {
      const { runId } = await send(
        'analyzer',
        'StartAnalysis',
        { analysisType: action.analysisType, connectionId: action.connectionId },
        30_000,
      );
      return { kind: 'analysisRun', runId };
    }
    case 'report': {
      const { reportId } = await send(
        'reporter',
        'GenerateReport',
        { format: action.format, title: action.title, connectionId: action.connectionId },
        120_000,
      );
      return { kind: 'report', reportId };
    }
    default:
      return assertNever(action);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled job action ${JSON.stringify(value)}`);
}
