/**
 * Structured logs for the Node programs (the relay, later the duty runner): one JSON object per line on stderr,
 * so that stdout carries only what a program prints for people or scripts (the relay's addresses).
 */

/** A log line's severity. */
export type Level = 'debug' | 'info' | 'warn' | 'error';
/** Write one log line: a severity, an event name, and its fields. */
export type Log = (level: Level, event: string, fields?: Record<string, unknown>) => void;

/** The levels in increasing severity. */
export const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];

const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A logger writing JSON lines at `min` level and above. */
export function createJsonLog(min: Level = 'info', write: (line: string) => void = (l) => process.stderr.write(l)): Log {
  return (level, event, fields) => {
    if (ORDER[level] < ORDER[min]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }) + '\n');
  };
}

/** True when `value` names a level (for option parsing). */
export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}
