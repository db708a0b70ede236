/** An error as the ClickHouse HTTP interface reports it: status 500, the code in a header, the text in the body. */
export class ClickHouseFailure extends Error {
  constructor(
    readonly code: number,
    readonly type: string,
    detail: string,
  ) {
    super(`Code: ${code}. DB::Exception: ${detail}. (${type})`);
  }
}

const CLICKHOUSE_TEXT = /Code: (\d+)\. DB::Exception: /;

export interface FailureReply {
  code: number;
  /** `Code: N. DB::Exception: ... (TYPE)`: the shape @clickhouse/client parses into a ClickHouseError. */
  text: string;
}

/** Finds the engine's own `Code: N. DB::Exception` text anywhere in the cause chain (chDB wraps it in typed errors). */
export function toFailureReply(error: unknown): FailureReply {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    const match = CLICKHOUSE_TEXT.exec(message);
    if (match) return { code: Number(match[1]), text: message.slice(match.index) };
    current = current instanceof Error ? current.cause : undefined;
  }
  const message = error instanceof Error ? error.message : String(error);
  const code =
    typeof (error as { clickhouseCode?: unknown })?.clickhouseCode === 'number'
      ? (error as { clickhouseCode: number }).clickhouseCode
      : 1000;
  return {
    code,
    text: new ClickHouseFailure(code, code === 1000 ? 'STD_EXCEPTION' : 'UNKNOWN_EXCEPTION', message).message,
  };
}
