/** Structured logs: one JSON object per line on stderr (stdout carries only the relay's addresses). */

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: Level, event: string, fields?: Record<string, unknown>) => void;

const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A logger writing JSON lines at `min` level and above. */
export function createJsonLog(min: Level = 'info', write: (line: string) => void = (l) => process.stderr.write(l)): Log {
  return (level, event, fields) => {
    if (ORDER[level] < ORDER[min]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }) + '\n');
  };
}
