/**
 * Length-prefixed JSON frames over one libp2p stream: a 4-byte big-endian length, then that many bytes of UTF-8
 * JSON. Used by the board protocol on both ends (participant and relay). Oversize or malformed input closes the
 * channel with an error; it never throws into libp2p and never buffers more than one maximal frame.
 */
import type { Stream } from '@libp2p/interface';
import type { Frame } from '../../core/wire/frames.js';

export type { Frame };

export interface FrameChannel {
  /** Queue a frame; resolves once it is handed to the transport (waits for drain under backpressure). */
  send(frame: Frame): Promise<void>;
  /** Close gracefully (flushes queued frames). */
  close(): Promise<void>;
  /** Abort at once with a reason. */
  abort(reason: string): void;
  readonly closed: boolean;
  /** Bytes queued for sending but not yet handed to the transport. */
  readonly pendingBytes: number;
}

export interface FrameChannelHandlers {
  onFrame(frame: Frame): void;
  /** Called once, when the stream ends for any reason; `error` is set for anything but a clean close. */
  onClose?(error?: Error): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Encode one frame: the 4-byte length, then the JSON. */
export function encodeFrame(frame: Frame): Uint8Array {
  const body = encoder.encode(JSON.stringify(frame));
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

/**
 * Incremental frame decoder. `push` returns the complete frames; throws an Error for a frame over `maxFrameBytes`,
 * invalid UTF-8, invalid JSON or a JSON value that is not an object.
 */
export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Uint8Array): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered < 4) return frames;
      const head = this.peek(4);
      const length = new DataView(head.buffer, head.byteOffset, 4).getUint32(0);
      if (length > this.maxFrameBytes) throw new Error(`frame of ${length} bytes is over the limit of ${this.maxFrameBytes}`);
      if (this.buffered < 4 + length) return frames;
      const bytes = this.take(4 + length).subarray(4);
      let value: unknown;
      try {
        value = JSON.parse(decoder.decode(bytes));
      } catch {
        throw new Error('frame is not UTF-8 JSON');
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('frame is not a JSON object');
      frames.push(value as Frame);
    }
  }

  private peek(n: number): Uint8Array {
    return this.chunks[0]!.length >= n ? this.chunks[0]!.subarray(0, n) : this.concat().subarray(0, n);
  }

  private take(n: number): Uint8Array {
    const all = this.chunks.length === 1 ? this.chunks[0]! : this.concat();
    const out = all.slice(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }

  private concat(): Uint8Array {
    const all = new Uint8Array(this.buffered);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    this.chunks = [all];
    return all;
  }
}

/** Wrap a stream as a frame channel. Incoming frames are delivered in order through `handlers.onFrame`. */
export function openFrameChannel(stream: Stream, maxFrameBytes: number, handlers: FrameChannelHandlers): FrameChannel {
  const frames = new FrameDecoder(maxFrameBytes);
  let closed = false;
  let pendingBytes = 0;
  let sending: Promise<void> = Promise.resolve();
  const end = (error?: Error) => {
    if (closed) return;
    closed = true;
    handlers.onClose?.(error);
  };
  const abort = (reason: string) => {
    if (closed) return;
    stream.abort(new Error(reason));
    end(new Error(reason));
  };
  stream.addEventListener('message', (event) => {
    if (closed) return;
    const data = event.data instanceof Uint8Array ? event.data : event.data.subarray();
    let decoded: Frame[];
    try {
      decoded = frames.push(data);
    } catch (e) {
      abort((e as Error).message);
      return;
    }
    for (const frame of decoded) {
      if (closed) return;
      handlers.onFrame(frame);
    }
  });
  stream.addEventListener('close', (event) => end(event.error));
  stream.addEventListener('remoteCloseWrite', () => {
    void stream.close().catch(() => undefined);
  });
  return {
    get closed() {
      return closed;
    },
    get pendingBytes() {
      return pendingBytes;
    },
    send(frame) {
      const bytes = encodeFrame(frame);
      pendingBytes += bytes.length;
      const sent = sending
        .then(async () => {
          if (closed || stream.status !== 'open') throw new Error('channel closed');
          if (!stream.send(bytes)) await stream.onDrain();
        })
        .finally(() => (pendingBytes -= bytes.length));
      sending = sent.catch(() => undefined);
      return sent;
    },
    async close() {
      await sending;
      if (!closed) await stream.close().catch(() => undefined);
      end();
    },
    abort,
  };
}
