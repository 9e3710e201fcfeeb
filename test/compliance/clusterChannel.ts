/**
 * The ClusterChannel compliance suite (ports/clusterChannel.ts): every adapter (memory now; the relay channel of
 * issue 14 next) must pass it. The fixture gives n members' handles and `settle()`, which lets everything in
 * flight arrive (a manual clock runs its timers; a networked adapter waits).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterChannel, ClusterMessage } from '../../src/ports/clusterChannel.js';

/** What the adapter under test provides. */
export interface ClusterChannelFixture {
  channels: ClusterChannel[];
  /** Let every message in flight arrive. */
  settle(): Promise<void>;
  cleanup?: () => Promise<void>;
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Registers the ClusterChannel compliance tests for one adapter. */
export function clusterChannelCompliance(name: string, make: (members: number) => Promise<ClusterChannelFixture>): void {
  describe(`ClusterChannel compliance: ${name}`, () => {
    let fixture: ClusterChannelFixture | undefined;
    const open = async (n: number) => (fixture = await make(n));
    afterEach(async () => {
      await fixture?.cleanup?.();
      fixture = undefined;
    });
    const inboxes = (channels: ClusterChannel[]) =>
      channels.map((c) => {
        const got: { from: number; text: string }[] = [];
        c.subscribe((m: ClusterMessage) => got.push({ from: m.from, text: text(m.data) }));
        return got;
      });

    it('each handle knows its index and the cluster size', async () => {
      const { channels } = await open(4);
      expect(channels.map((c) => c.index)).toEqual([1, 2, 3, 4]);
      expect(channels.every((c) => c.members === 4 && c.maxMessageBytes > 0)).toBe(true);
    });

    it('send reaches only its target, attributed to the sender, unaltered', async () => {
      const { channels, settle } = await open(4);
      const got = inboxes(channels);
      await channels[0]!.send(3, bytes('to three'));
      await settle();
      expect(got[2]).toEqual([{ from: 1, text: 'to three' }]);
      expect(got[0]).toEqual([]);
      expect(got[1]).toEqual([]);
      expect(got[3]).toEqual([]);
    });

    it('broadcast reaches every other member once, never the sender', async () => {
      const { channels, settle } = await open(4);
      const got = inboxes(channels);
      await channels[1]!.broadcast(bytes('hello all'));
      await settle();
      expect(got[1]).toEqual([]);
      for (const k of [0, 2, 3]) expect(got[k]).toEqual([{ from: 2, text: 'hello all' }]);
    });

    it('every member can speak, and each message names its own sender', async () => {
      const { channels, settle } = await open(3);
      const got = inboxes(channels);
      for (const c of channels) await c.broadcast(bytes(`from ${c.index}`));
      await settle();
      for (const [k, inbox] of got.entries()) {
        expect(inbox.map((m) => m.from).sort()).toEqual([1, 2, 3].filter((i) => i !== k + 1));
        for (const m of inbox) expect(m.text).toBe(`from ${m.from}`);
      }
    });

    it('a payload the sender changes after sending arrives as it was sent', async () => {
      const { channels, settle } = await open(2);
      const got = inboxes(channels);
      const data = bytes('original');
      await channels[0]!.send(2, data);
      data.fill(0);
      await settle();
      expect(got[1]).toEqual([{ from: 1, text: 'original' }]);
    });

    it('unsubscribe stops delivery to that subscriber', async () => {
      const { channels, settle } = await open(2);
      const got: string[] = [];
      const stop = channels[1]!.subscribe((m) => got.push(text(m.data)));
      await channels[0]!.send(2, bytes('one'));
      await settle();
      stop();
      await channels[0]!.send(2, bytes('two'));
      await settle();
      expect(got).toEqual(['one']);
    });

    it('refuses a bad target, an oversized payload and use after close, with codes', async () => {
      const { channels } = await open(3);
      const c = channels[0]!;
      await expect(c.send(1, bytes('self'))).rejects.toMatchObject({ code: 'CHANNEL_BAD_INPUT' });
      await expect(c.send(4, bytes('nobody'))).rejects.toMatchObject({ code: 'CHANNEL_BAD_INPUT' });
      await expect(c.send(0, bytes('nobody'))).rejects.toMatchObject({ code: 'CHANNEL_BAD_INPUT' });
      await expect(c.broadcast(new Uint8Array(c.maxMessageBytes + 1))).rejects.toMatchObject({ code: 'CHANNEL_MESSAGE_TOO_LARGE' });
      await c.close();
      await expect(c.send(2, bytes('late'))).rejects.toMatchObject({ code: 'CHANNEL_CLOSED' });
    });

    it('a closed member receives nothing more', async () => {
      const { channels, settle } = await open(2);
      const got = inboxes(channels);
      await channels[1]!.close();
      await channels[0]!.send(2, bytes('gone'));
      await settle();
      expect(got[1]).toEqual([]);
    });
  });
}
