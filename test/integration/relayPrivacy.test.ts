/**
 * What participants learn about each other through a relay: nothing. Four Node participants (createLibp2pBoard)
 * exchange messages on one session through one relay; afterwards each participant's libp2p node knows only the
 * relay (peer store, addresses, connections), listens nowhere, offers no protocol anyone could probe, holds no
 * user agent but the relay's neutral 'sv/1', and the messages it received are exactly the texts published, with
 * no peer id or address added by the relay.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLibp2p } from 'libp2p';
import { noise } from '@libp2p/noise';
import { yamux } from '@libp2p/yamux';
import { identify } from '@libp2p/identify';
import type { Libp2p } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2pBoard, encodeFrame, FrameDecoder, NEUTRAL_USER_AGENT, nodeTransports, type Frame, type Libp2pBoard } from '../../src/adapters/libp2p/index.js';
import { BOARD_PROTOCOL, MAX_FRAME_BYTES } from '../../src/core/wire/frames.js';
import type { BoardMessage } from '../../src/ports/board.js';
import { startRelayProcess, type RelayProcess } from '../relayProcess.js';

const N = 4;
const SESSION = 'privacy-session';
const BROWSER_LIKE = /Mozilla|Chrome|Safari|Firefox|Node\.js|node\/|js-libp2p|linux|darwin|win32/i;
const decode = (v: Uint8Array) => new TextDecoder().decode(v);
/** Multiaddr without its /p2p/ suffix. */
const bare = (address: string) => address.split('/p2p/')[0]!;

let relay: RelayProcess;
let boards: Libp2pBoard[];
/** What each participant's subscription delivered. */
let received: BoardMessage[][];
const published = (i: number) => [`hello from participant ${i}`, `second message of participant ${i}: {"round":1}`];

beforeAll(async () => {
  relay = await startRelayProcess({ accept: 'any' });
  boards = await Promise.all(Array.from({ length: N }, () => createLibp2pBoard({ relays: [relay.tcp], transports: nodeTransports() })));
  await Promise.all(boards.map((b) => b.ready()));
  received = boards.map(() => []);
  boards.forEach((b, i) => b.subscribe(SESSION, (m) => received[i]!.push(m)));
  await Promise.all(boards.map(async (b, i) => {
    for (const text of published(i)) await b.publish(SESSION, text);
  }));
  const all = boards.flatMap((_, i) => published(i)).sort();
  await vi.waitFor(() => received.forEach((r) => expect(r.map((m) => m.data).sort()).toEqual(all)), { timeout: 15_000, interval: 20 });
});

afterAll(async () => {
  await Promise.all((boards ?? []).map((b) => b.close()));
  await relay?.stop();
});

describe('participants on one relay learn nothing about each other', () => {
  it('each participant received exactly the published texts, in the same order everywhere, with no peer id in them', async () => {
    const peerIds = boards.map((b) => b.node.peerId.toString());
    expect(new Set(peerIds).size).toBe(N);
    const first = received[0]!.map((m) => m.data);
    for (const [i, board] of boards.entries()) {
      const live = received[i]!;
      const history = await board.history(SESSION);
      expect(history.map((m) => m.data)).toEqual(live.map((m) => m.data));
      expect(live.map((m) => m.cursor)).toEqual(Array.from({ length: 2 * N }, (_, k) => k + 1));
      // One relay: one order.
      expect(live.map((m) => m.data)).toEqual(first);
      for (const m of [...live, ...history]) {
        expect(Object.keys(m).sort()).toEqual(['cursor', 'data']);
        for (const id of peerIds) expect(m.data).not.toContain(id);
        expect(m.data).not.toMatch(/\/ip4\/|\/ip6\/|\/p2p\/|127\.0\.0\.1/);
      }
    }
  });

  it('each participant listens nowhere and offers no protocol', () => {
    for (const board of boards) {
      expect(board.node.getMultiaddrs()).toEqual([]);
      expect(board.node.getProtocols()).toEqual([]);
    }
  });

  it('each participant is connected to the relay only, and its peer store holds the relay only', async () => {
    const relayAddresses = new Set([bare(relay.tcp), bare(relay.ws)]);
    const others = (i: number) => boards.filter((_, k) => k !== i).map((b) => b.node.peerId.toString());
    for (const [i, board] of boards.entries()) {
      const connections = board.node.getConnections();
      expect(connections.length).toBeGreaterThan(0);
      for (const c of connections) {
        expect(c.remotePeer.toString()).toBe(relay.peerId);
        expect(relayAddresses.has(bare(c.remoteAddr.toString()))).toBe(true);
      }

      const peers = await board.node.peerStore.all();
      expect(peers.map((p) => p.id.toString())).toEqual([relay.peerId]);
      const [stored] = peers;
      const addresses = stored!.addresses.map((a) => bare(a.multiaddr.toString()));
      expect(addresses.length).toBeGreaterThan(0);
      for (const address of addresses) expect(relayAddresses.has(address)).toBe(true);

      // Nothing anywhere in what it stored names another participant.
      const dump = JSON.stringify({
        peers: peers.map((p) => ({
          id: p.id.toString(),
          addresses: p.addresses.map((a) => a.multiaddr.toString()),
          protocols: p.protocols,
          metadata: [...p.metadata].map(([k, v]) => [k, decode(v)]),
          tags: [...p.tags.keys()],
        })),
        connections: connections.map((c) => c.remoteAddr.toString()),
      });
      for (const id of others(i)) expect(dump).not.toContain(id);
      expect(dump).not.toContain(board.node.peerId.toString());
    }
  });

  it('no stored metadata carries a browser or runtime user agent; an AgentVersion, if any, is the neutral one', async () => {
    for (const board of boards) {
      for (const peer of await board.node.peerStore.all()) {
        for (const [key, value] of peer.metadata) {
          const text = decode(value);
          expect(text, `${key} = ${text}`).not.toMatch(BROWSER_LIKE);
          if (key === 'AgentVersion') expect(text).toBe(NEUTRAL_USER_AGENT);
        }
        // The participant runs no identify service (nothing to answer a probe with), so it never asked the relay:
        // only the board protocol it dialled is known, and no agent version at all.
        expect(peer.protocols).toEqual([BOARD_PROTOCOL]);
        expect(peer.metadata.has('AgentVersion')).toBe(false);
      }
    }
  });

  describe('seen from outside', () => {
    let probe: Libp2p;
    beforeAll(async () => {
      probe = await createLibp2p({ addresses: { listen: [] }, transports: nodeTransports(), connectionEncrypters: [noise()], streamMuxers: [yamux()], services: { identify: identify() } });
    });
    afterAll(() => probe?.stop());

    it('the relay identifies itself with the neutral user agent and its own addresses only', async () => {
      await probe.dial(multiaddr(relay.tcp));
      const peer = await vi.waitFor(
        async () => {
          const p = await probe.peerStore.get(probe.getConnections()[0]!.remotePeer);
          expect(p.metadata.has('AgentVersion')).toBe(true);
          return p;
        },
        { timeout: 10_000, interval: 50 },
      );
      expect(peer.id.toString()).toBe(relay.peerId);
      expect(decode(peer.metadata.get('AgentVersion')!)).toBe(NEUTRAL_USER_AGENT);
      for (const value of peer.metadata.values()) expect(decode(value)).not.toMatch(BROWSER_LIKE);
      expect(peer.protocols).toContain(BOARD_PROTOCOL);
      const relayAddresses = new Set([bare(relay.tcp), bare(relay.ws)]);
      for (const a of peer.addresses) expect(relayAddresses.has(bare(a.multiaddr.toString()))).toBe(true);
      // The probe's store knows the relay, nobody else.
      expect((await probe.peerStore.all()).map((p) => p.id.toString())).toEqual([relay.peerId]);
    });

    it('frames from the relay carry the texts and cursors only: no sender, peer id or address', async () => {
      const stream = await probe.dialProtocol(multiaddr(relay.tcp), BOARD_PROTOCOL);
      const decoder = new FrameDecoder(MAX_FRAME_BYTES);
      const frames: Frame[] = [];
      stream.addEventListener('message', (evt) => frames.push(...decoder.push(evt.data instanceof Uint8Array ? evt.data : evt.data.subarray())));
      stream.send(encodeFrame({ op: 'sub', id: 1, s: SESSION, since: 0 }));
      await vi.waitFor(() => expect(frames.some((f) => f.op === 'subbed')).toBe(true), { timeout: 10_000, interval: 20 });
      // A live push, from a participant, after the subscription.
      const live = 'one more, pushed live';
      await boards[1]!.publish(SESSION, live);
      await vi.waitFor(() => expect(frames.some((f) => f.op === 'msg' && f.d === live)).toBe(true), { timeout: 10_000, interval: 20 });
      stream.abort(new Error('done'));

      expect(Object.keys(frames[0]!).sort()).toEqual(['board', 'maxMessageBytes', 'op']);
      const pages = frames.filter((f) => f.op === 'msgs');
      expect(pages.length).toBeGreaterThan(0);
      for (const f of pages) expect(Object.keys(f).sort()).toEqual(['head', 'id', 'items', 'more', 'op', 's']);
      const items = pages.flatMap((f) => f.items as [number, string][]);
      expect(items.map(([, d]) => d).sort()).toEqual(boards.flatMap((_, i) => published(i)).sort());
      for (const f of frames.filter((f) => f.op === 'msg')) expect(Object.keys(f).sort()).toEqual(['c', 'd', 'op', 's']);

      const text = JSON.stringify(frames);
      for (const b of boards) expect(text).not.toContain(b.node.peerId.toString());
      expect(text).not.toMatch(/\/ip4\/|\/ip6\/|\/p2p\/|127\.0\.0\.1|12D3Koo/);
    });
  });
});
