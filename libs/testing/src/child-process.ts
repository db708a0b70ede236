import type { ChildProcess } from 'node:child_process';

/**
 * SIGTERM, then SIGKILL after `graceMs` (five seconds unless told); resolves with the exit code (null when a signal
 * ended it) once the process has exited.
 */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}
