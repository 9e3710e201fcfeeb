/**
 * A partitioning relay colluding with an equivocating dealer (issue 11), with real processes: a real `sv relay` in
 * its test-only split mode (SV_RELAY_TEST_SPLIT=1:1:2: of dealer 1's deals, participant 2 sees only the second,
 * everyone else only the first), three honest `sv ceremony join` processes, and the cheater, participant 1, in this
 * process: the real use-case over a real libp2p board client, publishing a second, validly signed deal with the same
 * R and a bad share for participant 2. Participant 2 accuses; before the fix, 3 and 4 settled that accusation
 * against their copy and blamed 2. Every honest participant must name dealer 1 alone, and its ceremony.json verify.
 *
 * The ack variant is covered on the memory board only (ceremonyPartition.test.ts): it goes through the same
 * engine and decision code, and a real-relay version would need a second test-only relay rule for round 2 only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSv } from '../cli.js';
import { startRelayProcess, type RelayProcess } from '../relayProcess.js';
import { createCeremony, killAllJoins, startJoin, waitAll, type JoinProcess } from '../ceremonyProcess.js';
import { when } from '../helpers.js';
import { createLibp2pBoard } from '../../src/adapters/libp2p/index.js';
import { nodeTransports } from '../../src/adapters/libp2p/nodeTransports.js';
import { createMemorySecretStore } from '../../src/adapters/memory/index.js';
import { createLocalWallet } from '../../src/adapters/chain/localWallet.js';
import { runCeremony } from '../../src/app/runCeremony.js';
import { faultyBoard } from '../../src/app/faults.js';
import { bytesToHex } from '../../src/core/bytes.js';
import { configHash, parseDefinition } from '../../src/core/dkg/definition.js';
import { loadParticipant } from '../../src/app/runCeremony.js';
import { createSystemClock } from '../../src/adapters/system/index.js';
import { withHash } from '../../src/core/dkg/definition.js';

const TEST_TIMEOUT = 240_000;
const randomBytes = (k: number) => Uint8Array.from(nodeRandomBytes(k));

afterAll(() => killAllJoins());

describe('a real relay that partitions, and an equivocating dealer', () => {
  it('dealer 1 shows participant 2 a bad-share variant through the relay: every honest participant names dealer 1, nobody blames the accuser', { timeout: TEST_TIMEOUT }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sv-relay-partition-'));
    let relay: RelayProcess | undefined;
    const joins: JoinProcess[] = [];
    const stop = new AbortController();
    try {
      relay = await startRelayProcess({ env: { SV_RELAY_TEST_SPLIT: '1:1:2' }, dataDir: mkdtempSync(join(dir, 'relay-')) });
      const c = await createCeremony(dir, 4, { relays: [relay.tcp] });
      const definition = parseDefinition(JSON.parse(readFileSync(c.definition, 'utf8')));
      const session = bytesToHex(configHash(definition));
      for (const i of [2, 3, 4]) joins.push(startJoin(c, c.operators[i - 1]!, []));

      // The cheater: its honest engine, its own keys, a board that also publishes the variant (after the original,
      // so that the relay stores the original first).
      const wallet = createLocalWallet(readFileSync(c.operators[0]!.keyFile, 'utf8').trim() as `0x${string}`);
      const store = createMemorySecretStore();
      const { seed } = await loadParticipant(store, withHash(definition), 1, randomBytes);
      const inner = await createLibp2pBoard({ relays: [relay.tcp], transports: nodeTransports() });
      let variants = 0;
      const board = faultyBoard(inner, 'equivocating-share', {
        definition,
        index: 1,
        seed,
        onSplit: (original, variant) => {
          variants++;
          // The variant goes out once the relay holds the original (the relay keeps the first version first).
          let seen = false;
          const stored = when(
            (changed) => {
              const note = (data: string) => {
                if (data !== original) return;
                seen = true;
                changed();
              };
              const unsubscribe = inner.subscribe(session, (m) => note(m.data));
              void inner.history(session).then((h) => h.forEach((m) => note(m.data)));
              return unsubscribe;
            },
            () => seen,
            60_000,
            "the relay storing the cheater's original deal",
          );
          void stored.then(() => inner.publish(session, variant)).catch((e: Error) => console.error(e.message));
        },
      });
      const cheater = runCeremony({
        board,
        store,
        definition: withHash(definition),
        index: 1,
        randomBytes,
        signApproval: (typed) => wallet.signTypedData(typed),
        clock: createSystemClock(),
        tickMs: 500,
        signal: stop.signal,
      }).catch(() => undefined);

      const exits = await waitAll(joins, TEST_TIMEOUT - 60_000);
      stop.abort();
      await cheater;
      await board.close();
      expect(variants).toBe(1);
      expect(relay.logs()).toMatch(/"event":"test-mode".*"split":\{"round":1,"sender":1,"to":2\}/);
      for (const [k, p] of joins.entries()) {
        expect(exits[k], p.transcript()).toEqual({ code: 1, signal: null });
        expect(p.stdout(), p.transcript()).toMatch(/reason: equivocation; culprit\(s\): participant 1 \(proven by its signed messages\)/);
        const file = join(p.operator.out, 'ceremony.json');
        const recorded = JSON.parse(readFileSync(file, 'utf8')) as { status: { aborted: { culprits: number[]; proof: string } } };
        expect(recorded.status.aborted).toMatchObject({ culprits: [1], proof: 'signed-evidence' });
        const v = await runSv(['transcript', 'verify', file]);
        expect(v.code, v.stdout + v.stderr).toBe(0);
        expect(v.stdout).toMatch(/VALID record of an aborted ceremony: equivocation; culprit\(s\): participant 1/);
      }
      // Participant 2 really got the variant: it accused dealer 1 (its own ack in its record).
      const record2 = JSON.parse(readFileSync(join(joins[0]!.operator.out, 'ceremony.json'), 'utf8')) as { messages: { acks: { body: { accusations: { dealer: number }[] } }[] } };
      expect(record2.messages.acks[1]!.body.accusations.map((a) => a.dealer)).toEqual([1]);
    } finally {
      stop.abort();
      await Promise.all(joins.map((p) => p.kill()));
      await relay?.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
