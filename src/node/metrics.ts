/** A tiny Prometheus text-format registry for the Node programs: counters and gauges with optional labels, nothing else. */

type Labels = Record<string, string>;

interface Series {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, number>;
  read?: () => number;
}

const labelKey = (labels: Labels | undefined) =>
  labels ? Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',') : '';

/** A registry of series, rendered as the Prometheus text exposition format. */
export class Metrics {
  private readonly series = new Map<string, Series>();

  /** Define a counter; returns its incrementer (by 1 unless told). */
  counter(name: string, help: string): (labels?: Labels, by?: number) => void {
    const s = this.define(name, help, 'counter');
    return (labels, by = 1) => {
      const key = labelKey(labels);
      s.values.set(key, (s.values.get(key) ?? 0) + by);
    };
  }

  /** A gauge read when scraped. */
  gauge(name: string, help: string, read: () => number): void {
    this.define(name, help, 'gauge').read = read;
  }

  /** The exposition text. */
  render(): string {
    const lines: string[] = [];
    for (const [name, s] of this.series) {
      lines.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.type}`);
      if (s.read) lines.push(`${name} ${s.read()}`);
      else if (s.values.size === 0) lines.push(`${name} 0`);
      for (const [key, value] of s.values) lines.push(key ? `${name}{${key}} ${value}` : `${name} ${value}`);
    }
    return lines.join('\n') + '\n';
  }

  private define(name: string, help: string, type: Series['type']): Series {
    const s: Series = { help, type, values: new Map() };
    this.series.set(name, s);
    return s;
  }
}
