/**
 * The relay's BoardService keeps each protocol's retention: a participant's publication on a protocol kept
 * `await` is acknowledged only once the peer relays have stored it, one on a protocol kept `background` (the duty
 * runner's channel) at once, whatever the peers do; a memory-kept protocol's messages never reach the disk.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoardService } from '../../../relay/boardService.js';
import { BoardStore } from '../../../relay/boardStore.js';
import { keepingOf, relayConfig } from '../../../relay/config.js';
import { ANY } from '../../../relay/protocols/any.js';
import { SV_CLUSTER } from '../../../relay/protocols/svCluster.js';
import type { AcceptPolicy, ProtocolPolicy } from '../../../relay/acceptPolicy.js';
import { Metrics } from '../../../src/node/metrics.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The runner channel's retention with a policy that accepts (the real slot refuses everything for now). */
const channel: ProtocolPolicy = { ...SV_CLUSTER, check: () => ({ ok: true, accepted: { sender: undefined } }) };
const accept: AcceptPolicy = { name: 'test', protocols: [channel, ANY] };

type Link = Parameters<BoardService['publish']>[0];

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sv-board-service-'));
  dirs.push(dir);
  const config = relayConfig({ accept, dataDir: dir }, () => undefined);
  const store = new BoardStore(dir, config.store, Date.now, keepingOf(config));
  const service = new BoardService(config, store, new Metrics(), new Set());
  // A peer relay that stores a forwarded message only when the test releases it.
  const forwarded: string[] = [];
  const pending: (() => void)[] = [];
  const forward = (a: { session: string }) => {
    forwarded.push(a.session);
    return new Promise<void>((resolve) => pending.push(resolve));
  };
  const peer = { trusted: true, feed: false, forward } as unknown as Link;
  service.startFeed(peer);
  const participant = { id: 'p/1', ip: '127.0.0.1', trusted: true, senders: new Set<number>() } as unknown as Link;
  const release = () => pending.splice(0).forEach((r) => r());
  return { dir, service, participant, forwarded, release };
}

const settledWithin = async (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('BoardService: each protocol kept as it says', () => {
  it('a background protocol is acknowledged at once, though the peer relay has not stored it yet', async () => {
    const { service, participant, forwarded } = setup();
    const publication = service.publish(participant, 'sv-cluster/abc', 'duty message');
    expect(await settledWithin(publication, 500)).toBe(true);
    await expect(publication).resolves.toMatchObject({ ok: true, cursor: 1 });
    expect(forwarded).toEqual(['sv-cluster/abc']);
  });

  it('an await protocol is acknowledged only once the peer relay has stored it', async () => {
    const { service, participant, forwarded, release } = setup();
    const publication = service.publish(participant, 'a-session', 'board message');
    expect(await settledWithin(publication, 500)).toBe(false);
    expect(forwarded).toEqual(['a-session']);
    release();
    await expect(publication).resolves.toMatchObject({ ok: true, cursor: 1 });
  });

  it("a memory-kept protocol's session leaves no file on disk; a disk-kept one does", async () => {
    const { dir, service, participant, release } = setup();
    await service.publish(participant, 'sv-cluster/abc', 'duty message');
    const sessions = join(dir, 'sessions');
    expect(existsSync(sessions) ? readdirSync(sessions) : []).toEqual([]);
    const publication = service.publish(participant, 'a-session', 'board message');
    release();
    await publication;
    expect(readdirSync(sessions)).toHaveLength(1);
  });
});
