// joinCeremony (src/app/joinCeremony.ts): the one use-case behind `sv ceremony join` and the web worker. Its
// pieces (the definition checked once from a link or a file, short links resolved, who the joiner is, the relays)
// and a whole run of three joiners over the in-memory board.
import { describe, expect, it } from 'vitest';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { createMemoryBoardNetwork, createMemorySecretStore } from '../../../src/adapters/memory/index.js';
import { createSystemClock } from '../../../src/adapters/system/index.js';
import { createLocalWallet } from '../../../src/adapters/chain/index.js';
import { withHash } from '../../../src/app/checkedDefinition.js';
import { ceremonyRelays, findParticipant, joinCeremony, operatorIndex, readJoinSource, resolveJoinTarget, type JoinProgress } from '../../../src/app/joinCeremony.js';
import { definitionMessage, joinLink, shortJoinLink } from '../../../src/app/joinLink.js';
import { fetchDefinition } from '../../../src/app/joinLink.js';
import { configHash } from '../../../src/core/dkg/definition.js';
import { bytesToHex } from '../../../src/core/bytes.js';
import { isSvError } from '../../../src/core/errors.js';
import { toHex0x } from '../../../src/core/wire/fields.js';
import { makeDefinition, operatorFromKey } from '../../dkgHarness.js';
import { seededBytes } from '../../helpers.js';

const keys = Array.from({ length: 3 }, (_, k) => seededBytes(`joinCeremony/wallet/${k}`)(32));
const wallets = keys.map((k) => createLocalWallet(toHex0x(k)));
const definition = makeDefinition(keys.map((k) => operatorFromKey(k)), { V: 1, now: Math.floor(Date.now() / 1000) });
const hashHex = bytesToHex(configHash(definition));

describe('the definition, checked once at the boundary', () => {
  it('from a join link or a file, with its configHash', () => {
    const fromLink = readJoinSource({ link: joinLink('https://app.example/', definition) });
    const fromFile = readJoinSource({ document: JSON.parse(JSON.stringify(definition)) });
    for (const target of [fromLink, fromFile]) {
      expect(target).toEqual({ checked: { definition, configHash: configHash(definition), configHashHex: hashHex } });
    }
    expect(withHash(definition).configHashHex).toBe(hashHex);
  });

  it('refuses a damaged file in words', () => {
    expect(() => readJoinSource({ document: { ...definition, threshold: 1 } })).toThrow(/threshold/);
  });

  it('resolves a short link through the shell\'s fetch, and a full one without asking', async () => {
    const network = createMemoryBoardNetwork();
    const board = network.endpoint('joiner');
    const { session, data } = definitionMessage(definition);
    await board.publish(session, data);
    const asked: string[] = [];
    const fetchLinked = (h: string, relay: string) => (asked.push(relay), fetchDefinition(board, h));
    const short = readJoinSource({ link: shortJoinLink('https://app.example/', definition, '/ip4/127.0.0.1/tcp/1/ws/p2p/x') });
    expect((await resolveJoinTarget(short, fetchLinked)).configHashHex).toBe(hashHex);
    expect(asked).toEqual(['/ip4/127.0.0.1/tcp/1/ws/p2p/x']);
    await resolveJoinTarget(readJoinSource({ link: joinLink('https://app.example/', definition) }), fetchLinked);
    expect(asked).toHaveLength(1);
  });
});

describe('who the joiner is', () => {
  it('an operator by its own key, or a contract wallet it signs for', () => {
    const me = definition.operators[1]!.address;
    expect(operatorIndex(definition, me.toLowerCase())).toBe(2);
    expect(findParticipant(definition, me)).toEqual({ index: 2, operator: me, contractWallet: false });
    expect(findParticipant(definition, wallets[0]!.address, me)).toEqual({ index: 2, operator: me, contractWallet: true });
  });

  it('none of the operators: a coded error', () => {
    let caught: unknown;
    try {
      findParticipant(definition, '0x000000000000000000000000000000000000dEaD');
    } catch (e) {
      caught = e;
    }
    expect(isSvError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe('DKG_NOT_OPERATOR');
  });

  it('talks through the relays given, else the ceremony\'s own', () => {
    expect(ceremonyRelays({ ...definition, relays: ['/a'] }, [])).toEqual(['/a']);
    expect(ceremonyRelays({ ...definition, relays: ['/a'] }, ['/b'])).toEqual(['/b']);
  });
});

describe('joinCeremony over the memory board', () => {
  it('three joiners succeed with the same group key; each saw where it stood first, then its phases', async () => {
    const network = createMemoryBoardNetwork();
    const ceremony = withHash(definition);
    const seen: { start: string; phases: string[] }[] = [];
    const runs = wallets.map((wallet, k) => {
      const mine = { start: '', phases: [] as string[] };
      seen.push(mine);
      return joinCeremony({
        ceremony,
        index: k + 1,
        board: network.endpoint(`p${k + 1}`),
        store: createMemorySecretStore(),
        randomBytes: (n) => Uint8Array.from(nodeRandomBytes(n)),
        clock: createSystemClock(),
        tickMs: 50,
        signApproval: (typed) => wallet.signTypedData(typed),
        onStart: (s) => (mine.start = s.phase),
        onProgress: ({ state, phaseChanged }: JoinProgress) => {
          if (phaseChanged) mine.phases.push(state.phase);
        },
      });
    });
    const states = await Promise.all(runs);
    expect(states.map((s) => s.phase)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(new Set(states.map((s) => s.result!.validators[0]!.publicKey)).size).toBe(1);
    for (const s of seen) {
      expect(s.start).toBe('approving');
      expect(s.phases.at(-1)).toBe('succeeded');
    }
  }, 120_000);
});
