/**
 * Operators that are contract wallets (ERC-1271), on a real anvil chain with a real one-owner wallet contract
 * (contracts/test/Erc1271Wallet.sol): the RPC adapter's verdicts, a whole ceremony where operator 2 is that
 * wallet (every participant through runCeremony, the checker asking the chain), a signature by another key
 * refused in words, no RPC → the clear message, and the transcript verifier (`sv transcript verify`) with and
 * without --rpc, `sv ceremony join --operator` without --rpc, and a ceremony of real `sv ceremony join`
 * processes over a real relay where operator 2 is the wallet (joined with --operator and --rpc).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, getAddress, http, type Abi, type Address } from 'viem';
import { compileTestContract, startTestChain, type TestChain } from './chain/helpers.js';
import { createContractSignatureChecker, ERC1271_MAGIC_VALUE } from '../../src/adapters/chain/contractSignature.js';
import { ChainError } from '../../src/ports/chain.js';
import { createLocalWallet } from '../../src/adapters/chain/localWallet.js';
import { createMemoryBoardNetwork, createMemorySecretStore } from '../../src/adapters/memory/index.js';
import { approvalSignatureLine, createApprovalSignatureCheck, fetchTranscriptContractVerdicts, type ApprovalSignatureEvent } from '../../src/app/contractApprovals.js';
import { runCeremony } from '../../src/app/runCeremony.js';
import { sessionOf } from '../helpers.js';
import { approvalRequest, ceremonyFile, createCeremonyState, step, verifyTranscript, type CeremonyDefinition, type CeremonyState } from '../../src/core/dkg/index.js';
import { approvalTypedData, signApprovalDigest } from '../../src/core/dkg/crypto/index.js';
import { toHex0x } from '../../src/core/wire/fields.js';
import { makeDefinition, operatorFromKey } from '../dkgHarness.js';
import { seededBytes } from '../helpers.js';
import { expectUsageError, runSv } from '../cli.js';
import { main } from '../../src/cli/main.js';
import { startRelayProcess, type RelayProcess } from '../relayProcess.js';
import { killAllJoins, startJoin, waitAll, type Ceremony, type JoinProcess } from '../ceremonyProcess.js';
import { createSystemClock } from '../../src/adapters/system/index.js';
import { withHash } from '../../src/core/dkg/definition.js';

const randomBytes = (k: number) => Uint8Array.from(nodeRandomBytes(k));
const T = 180_000;

let t: TestChain;
let wallet: Address;
let dir: string;
const ownerKey = seededBytes('erc1271/owner')(32);
const strangerKey = seededBytes('erc1271/stranger')(32);
const keys = [1, 3, 4].map((k) => seededBytes(`erc1271/operator/${k}`)(32));

beforeAll(async () => {
  t = await startTestChain();
  dir = mkdtempSync(join(tmpdir(), 'sv-erc1271-'));
  const c = compileTestContract('Erc1271Wallet.sol', 'Erc1271Wallet');
  const hash = await t.wallet(t.chain.accounts[0]!).deployContract({ abi: c.abi as Abi, bytecode: c.bytecode, args: [operatorFromKey(ownerKey).address] });
  wallet = getAddress((await t.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);
}, 120_000);

afterAll(async () => {
  await t?.chain.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** n = 4, t = 3 on devnet (anvil's chain 31337); operator 2 is the contract wallet. */
function definition(): CeremonyDefinition {
  const ops = [operatorFromKey(keys[0]!), { privateKey: ownerKey, address: wallet }, operatorFromKey(keys[1]!), operatorFromKey(keys[2]!)];
  return { ...makeDefinition(ops, { now: Math.floor(Date.now() / 1000) }), network: { name: 'devnet', chainId: 31337, genesisForkVersion: '0x10000001' } };
}

/** Who signs for participant k (1-based): the EOA itself, or for 2 the wallet's owner (or a stranger). */
const signerOf = (k: number, walletKey = ownerKey) => createLocalWallet(toHex0x(k === 2 ? walletKey : keys[k === 1 ? 0 : k - 2]!));

describe('the ERC-1271 adapter on anvil', () => {
  const digest = seededBytes('erc1271/digest')(32);

  it('accepts the owner\'s signature, refuses another key\'s in words, and asks only addresses with code', async () => {
    const checker = createContractSignatureChecker({ rpcUrl: t.chain.rpcUrl, chainId: 31337 });
    await checker.ready();
    expect(await checker.check({ operator: wallet, digest, signature: signApprovalDigest(ownerKey, digest) })).toEqual({ valid: true });
    expect(await checker.check({ operator: wallet, digest, signature: signApprovalDigest(strangerKey, digest) })).toEqual({
      valid: false,
      why: `its contract wallet refused the signature (isValidSignature returned 0xffffffff, not the ERC-1271 magic value ${ERC1271_MAGIC_VALUE})`,
    });
    const eoa = operatorFromKey(keys[0]!).address;
    expect(await checker.check({ operator: eoa, digest, signature: signApprovalDigest(ownerKey, digest) })).toEqual({
      valid: false,
      why: `the signature is not by its key, and ${eoa} has no contract code on chain 31337, so nothing else can sign for it`,
    });
  });

  it('asks the chain once per (operator, digest, signature), and about each new signature', async () => {
    let requests = 0;
    const client = createPublicClient({ transport: http(t.chain.rpcUrl, { onFetchRequest: () => void requests++ }) });
    const checker = createContractSignatureChecker({ rpcUrl: t.chain.rpcUrl, chainId: 31337, client });
    const q = { operator: wallet, digest, signature: signApprovalDigest(ownerKey, digest) };
    expect(await checker.check(q)).toEqual({ valid: true });
    const first = requests;
    expect(first).toBe(3); // chain id, code, isValidSignature
    expect(await checker.check({ ...q, operator: wallet.toLowerCase() })).toEqual({ valid: true });
    expect(requests).toBe(first);
    expect(await checker.check({ ...q, signature: signApprovalDigest(strangerKey, digest) })).toMatchObject({ valid: false });
    expect(requests).toBe(first + 2); // code and isValidSignature again, not the chain id
  });

  it('refuses an RPC of another chain and names an unreachable one, in words', async () => {
    const wrong = createContractSignatureChecker({ rpcUrl: t.chain.rpcUrl, chainId: 17000 });
    await expect(wrong.check({ operator: wallet, digest, signature: signApprovalDigest(ownerKey, digest) })).rejects.toMatchObject({
      code: 'CHAIN_WRONG_CHAIN',
      message: `the RPC at ${new URL(t.chain.rpcUrl).origin} serves chain id 31337, but the ceremony is on chain 17000`,
    });
    const gone = createContractSignatureChecker({ rpcUrl: 'http://127.0.0.1:9/secret-key', chainId: 31337 });
    const e = await gone.ready().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ChainError);
    expect(e).toMatchObject({ code: 'CHAIN_UNREACHABLE', message: expect.stringMatching(/^could not read the chain id from the RPC at http:\/\/127\.0\.0\.1:9: /) });
    expect((e as Error).message).not.toContain('secret-key');
  });
});

interface Run {
  states: CeremonyState[];
  events: ApprovalSignatureEvent[][];
}

/** Every participant through runCeremony on the memory board, each asking the chain through its own checker. */
async function ceremony(def: CeremonyDefinition, opts: { rpc: boolean; signal?: AbortSignal; walletKey?: Uint8Array }): Promise<Run> {
  const net = createMemoryBoardNetwork();
  const events: ApprovalSignatureEvent[][] = def.operators.map(() => []);
  const states = await Promise.all(
    def.operators.map((_, k) =>
      runCeremony({
        board: net.endpoint(`p${k + 1}`),
        store: createMemorySecretStore(),
        definition: withHash(def),
        index: k + 1,
        randomBytes,
        signApproval: (typed) => signerOf(k + 1, opts.walletKey).signTypedData(typed),
        clock: createSystemClock(),
        tickMs: 100,
        ...(opts.signal ? { signal: opts.signal } : {}),
        isValidContractSignature: createApprovalSignatureCheck({
          ...(opts.rpc ? { checker: createContractSignatureChecker({ rpcUrl: t.chain.rpcUrl, chainId: 31337 }) } : {}),
          onEvent: (e) => events[k]!.push(e),
        }),
      }),
    ),
  );
  return { states, events };
}

describe('a ceremony where operator 2 is a contract wallet', () => {
  let record: unknown;
  let file: string;

  it('completes: every participant accepts the wallet\'s approval after asking the chain', { timeout: T }, async () => {
    const def = definition();
    const { states, events } = await ceremony(def, { rpc: true });
    for (const s of states) expect(s.phase, JSON.stringify(s.abort)).toBe('succeeded');
    expect(new Set(states.map((s) => s.result!.validators[0]!.publicKey)).size).toBe(1);
    // Each participant (the wallet's own included) asked once and was told yes.
    for (const list of events) expect(list).toEqual([{ kind: 'accepted', index: 2, operator: wallet, chainId: 31337 }]);
    expect(approvalSignatureLine(events[0]![0]!, { cli: true })).toBe(`Operator 2 (${wallet}) approved with its contract wallet (ERC-1271, checked on chain 31337).`);
    record = JSON.parse(JSON.stringify(ceremonyFile(states[0]!)));
    file = join(dir, 'ceremony.json');
    writeFileSync(file, JSON.stringify(record, null, 2));
  });

  it('the transcript verifier: "cannot be checked" without verdicts, valid with the chain\'s', async () => {
    const without = verifyTranscript(record, { randomBytes });
    expect(without).toMatchObject({ valid: false, status: 'unknown', unchecked: [2] });
    expect(without.problems).toEqual([
      `approval for participant 2 cannot be checked without an RPC: operator ${wallet} did not sign with an account key, so it is either a contract wallet (ERC-1271), whose signature only the chain can check, or not the signer`,
    ]);
    const fetched = await fetchTranscriptContractVerdicts(record, createContractSignatureChecker({ rpcUrl: t.chain.rpcUrl, chainId: 31337 }));
    expect(verifyTranscript(record, { randomBytes, isValidContractSignature: fetched.isValidContractSignature })).toEqual({ valid: true, status: 'success', problems: [] });
  });

  it('sv transcript verify: exit 2 naming the operator without --rpc, exit 0 with it', { timeout: 60_000 }, async () => {
    const without = await runSv(['transcript', 'verify', file]);
    expect(without.code, without.stdout + without.stderr).toBe(2);
    expect(without.stdout).toContain(`CANNOT CHECK: approval for participant 2 cannot be checked without an RPC: operator ${wallet} did not sign with an account key`);
    expect(without.stdout).toContain('pass --rpc <url> to check it on chain.');
    expect(without.stdout).not.toMatch(/INVALID|forged/);
    const withRpc = await runSv(['transcript', 'verify', file, '--rpc', t.chain.rpcUrl]);
    expect(withRpc.code, withRpc.stdout + withRpc.stderr).toBe(0);
    expect(withRpc.stdout).toContain(`Operator 2 (${wallet}) approved with its contract wallet (ERC-1271, checked on chain 31337).`);
    expect(withRpc.stdout).toContain('VALID: the ceremony succeeded and every check passes.');
    expectUsageError(await runSv(['transcript', 'verify', file, '--rpc', 'http://127.0.0.1:9']), /^sv transcript verify: --rpc: could not read the chain id from the RPC at http:\/\/127\.0\.0\.1:9/);
  });
});

describe('refusals', () => {
  it('a signature by another key than the owner\'s: refused in words by the others, and by the signer itself', { timeout: T }, async () => {
    const def = definition();
    const net = createMemoryBoardNetwork();
    // Participant 2 signs with a stranger's key and (wrongly) publishes it as its contract wallet's.
    const seed = seededBytes('erc1271/wrong/2')(32);
    const s2 = createCeremonyState(withHash(def), 2, { seed });
    const typed = approvalTypedData(approvalRequest(s2));
    const wrong = await createLocalWallet(toHex0x(strangerKey)).signTypedData(typed);
    const forged = step(s2, { type: 'approve', signature: wrong, contractSignatureValid: true }, { seed }).outbound[0]!;
    await net.endpoint('p2').publish(sessionOf(def), forged);
    const stop = new AbortController();
    const events: ApprovalSignatureEvent[] = [];
    let seen: CeremonyState | undefined;
    const running = runCeremony({
      board: net.endpoint('p1'),
      store: createMemorySecretStore(),
      definition: withHash(def),
      index: 1,
      randomBytes,
      signApproval: (td) => signerOf(1).signTypedData(td),
      clock: createSystemClock(),
      tickMs: 100,
      signal: stop.signal,
      isValidContractSignature: createApprovalSignatureCheck({
        checker: createContractSignatureChecker({ rpcUrl: t.chain.rpcUrl, chainId: 31337 }),
        onEvent: (e) => {
          events.push(e);
          stop.abort();
        },
      }),
      onUpdate: (st) => (seen = st),
    });
    await expect(running).rejects.toThrow('stopped');
    expect(events).toHaveLength(1);
    expect(approvalSignatureLine(events[0]!, { cli: true })).toBe(
      `Operator 2 (${wallet}) did not approve: its contract wallet refused the signature (isValidSignature returned 0xffffffff, not the ERC-1271 magic value ${ERC1271_MAGIC_VALUE}).`,
    );
    expect(seen?.messages[0]![1]).toBeNull();

    // The signer's own run refuses to publish it.
    await expect(
      runCeremony({
        board: createMemoryBoardNetwork().endpoint('p2'),
        store: createMemorySecretStore(),
        definition: withHash(def),
        index: 2,
        randomBytes,
        signApproval: (td) => createLocalWallet(toHex0x(strangerKey)).signTypedData(td),
        clock: createSystemClock(),
        isValidContractSignature: createApprovalSignatureCheck({ checker: createContractSignatureChecker({ rpcUrl: t.chain.rpcUrl, chainId: 31337 }) }),
      }),
    ).rejects.toThrow(`the approval's signature is not operator ${wallet}'s own, and no contract wallet (ERC-1271) at that address accepted it (or none could be asked, for want of an RPC): is the right wallet account selected?`);
  });

  it('no RPC: the wallet\'s own participant is told why it cannot approve', { timeout: T }, async () => {
    const stop = new AbortController();
    const run = ceremony(definition(), { rpc: false, signal: stop.signal });
    const error = await run.then(() => undefined, (e: Error) => e);
    stop.abort();
    expect(error?.message).toBe(`the approval's signature is not operator ${wallet}'s own, and no contract wallet (ERC-1271) at that address accepted it (or none could be asked, for want of an RPC): is the right wallet account selected?`);
  });

  it('no RPC: a contract-wallet approval on the board gets the clear message', { timeout: T }, async () => {
    const def = definition();
    const net = createMemoryBoardNetwork();
    const seed = seededBytes('erc1271/norpc/2')(32);
    const s2 = createCeremonyState(withHash(def), 2, { seed });
    const good = await signerOf(2).signTypedData(approvalTypedData(approvalRequest(s2)));
    await net.endpoint('p2').publish(sessionOf(def), step(s2, { type: 'approve', signature: good, contractSignatureValid: true }, { seed }).outbound[0]!);
    const stop = new AbortController();
    const events: ApprovalSignatureEvent[] = [];
    const running = runCeremony({
      board: net.endpoint('p1'),
      store: createMemorySecretStore(),
      definition: withHash(def),
      index: 1,
      randomBytes,
      signApproval: (td) => signerOf(1).signTypedData(td),
      clock: createSystemClock(),
      tickMs: 100,
      signal: stop.signal,
      isValidContractSignature: createApprovalSignatureCheck({
        onEvent: (e) => {
          events.push(e);
          stop.abort();
        },
      }),
    });
    await expect(running).rejects.toThrow('stopped');
    expect(events).toEqual([{ kind: 'needs-rpc', index: 2, operator: wallet }]);
    expect(approvalSignatureLine(events[0]!, { cli: true })).toBe(
      `Operator 2 (${wallet}) signed with a contract wallet (ERC-1271), or not with its own key; checking it needs the chain's RPC — pass --rpc <url>.`,
    );
    expect(approvalSignatureLine(events[0]!, { web: true, network: 'devnet', chainId: 31337 })).toBe(
      `Operator 2 (${wallet}) signed with a contract wallet (ERC-1271), or not with its own key; checking it needs an RPC for chain 31337 (devnet), and this app has none configured, so the approval cannot be accepted here.`,
    );
  });

  it('sv ceremony join --operator <wallet> without --rpc: exit 2, in words', { timeout: 60_000 }, async () => {
    const def = join(dir, 'definition.json');
    writeFileSync(def, JSON.stringify(definition()));
    const key = join(dir, 'owner.key');
    writeFileSync(key, `${toHex0x(ownerKey)}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'pw.txt'), 'correct horse battery staple\n');
    const r = await runSv(['ceremony', 'join', def, '--operator-key', key, '--operator', wallet, '--out', join(dir, 'out-2'), '--password-file', join(dir, 'pw.txt'), '--relay', '/ip4/127.0.0.1/tcp/9/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN']);
    expectUsageError(r, new RegExp(`operator 2 \\(${wallet}\\) is a contract wallet signing with the key of ${operatorFromKey(ownerKey).address} \\(ERC-1271\\); checking it needs the chain's RPC — pass --rpc <url>`));
  });
});

describe('sv ceremony join processes over a relay, operator 2 a contract wallet', () => {
  let relay: RelayProcess | undefined;
  const joins: JoinProcess[] = [];
  afterAll(async () => {
    await killAllJoins();
    await relay?.kill();
  });

  it('completes with --operator and --rpc; the record verifies with --rpc', { timeout: 240_000 }, async () => {
    const root = mkdtempSync(join(dir, 'relay-ceremony-'));
    relay = await startRelayProcess({ dataDir: join(root, 'relay') });
    const keyFiles = [keys[0]!, ownerKey, keys[1]!].map((k, i) => {
      const f = join(root, `operator-${i + 1}.key`);
      writeFileSync(f, `${toHex0x(k)}\n`, { mode: 0o600 });
      return f;
    });
    const addresses = [operatorFromKey(keys[0]!).address, wallet, operatorFromKey(keys[1]!).address];
    const passwordFile = join(root, 'password.txt');
    writeFileSync(passwordFile, 'correct horse battery staple\n');
    const definitionFile = join(root, 'definition.json');
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const args = ['ceremony', 'create', '--operators', addresses.join(','), '--network', 'devnet', '--withdrawal-address', '0x000000000000000000000000000000000000dEaD', '--relay', relay.tcp, '--out', definitionFile];
    expect(await main(args, io), lines.join('\n')).toBe(0);
    const c: Ceremony = {
      dir: root,
      definition: definitionFile,
      passwordFile,
      operators: addresses.map((address, k) => ({ index: k + 1, keyFile: keyFiles[k]!, address, out: join(root, `p${k + 1}`) })),
    };
    for (const op of c.operators) joins.push(startJoin(c, op, [], ['--rpc', t.chain.rpcUrl, ...(op.index === 2 ? ['--operator', wallet] : [])]));
    const exits = await waitAll(joins, 180_000);
    exits.forEach((e, k) => expect(e, joins[k]!.transcript()).toEqual({ code: 0, signal: null }));
    expect(joins[1]!.stdout()).toContain(`as operator 2 of 3 (${wallet}, a contract wallet signing with ${operatorFromKey(ownerKey).address})`);
    for (const p of joins) expect(p.stdout(), p.transcript()).toContain(`Operator 2 (${wallet}) approved with its contract wallet (ERC-1271, checked on chain 31337).`);
    const record = join(c.operators[0]!.out, 'ceremony.json');
    const verified = await runSv(['transcript', 'verify', record, '--rpc', t.chain.rpcUrl]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('VALID: the ceremony succeeded');
  });
});
