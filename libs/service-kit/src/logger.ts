import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { currentTraceId } from './trace';

/** Keys whose values never reach a log line, wherever they are nested. */
const SECRET_KEYS = ['password', 'secret', 'token', 'authorization', 'cookie', 'masterKey', 'credentials'];
const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/**
 * The last lines a process logged, as written (after redaction), for the diagnostics package. Lines are kept in a ring
 * of `capacity`; a line longer than `maxLineLength` is cut.
 */
export class RecentLogs {
  private readonly lines: string[] = [];

  constructor(
    private readonly capacity = 500,
    private readonly maxLineLength = 4_000,
  ) {}

  write(line: string): void {
    this.lines.push(line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line.trimEnd());
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  /** The kept lines, oldest first. */
  list(): string[] {
    return [...this.lines];
  }
}

const recentLogsOf = new WeakMap<Logger, RecentLogs>();

/** JSON logs to stdout; the latest lines are also kept in memory (see `recentLogs`). */
export function createLogger(service: string, level = 'info'): Logger {
  const recent = new RecentLogs();
  const logger = pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      mixin: () => {
        const traceId = currentTraceId();
        return traceId ? { traceId } : {};
      },
    },
    pino.multistream([
      { level: 'trace', stream: pino.destination({ dest: 1, sync: true }) },
      { level: 'trace', stream: { write: (line: string) => recent.write(line) } },
    ]),
  );
  recentLogsOf.set(logger, recent);
  return logger;
}

/** The lines a logger made by createLogger wrote last (its child loggers write to the same ring). */
export function recentLogs(logger: Logger): RecentLogs | undefined {
  return recentLogsOf.get(logger);
}

/** Nest's own log lines, routed through the same JSON logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
