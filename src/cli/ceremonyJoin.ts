/**
 * `sv ceremony join`: a headless participant. Signs its approval with an operator private key (EIP-712, exactly
 * as a wallet would), runs the ceremony over real relays, keeps its seed and state encrypted in <out>/.state (so a
 * killed process resumes where it stopped when run again), and writes its outputs as the simulation does.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2pBoard, nodeRelays, nodeTransports, type RelayStatus } from '../adapters/libp2p/index.js';
import { createFileSecretStore, writeFiles } from '../adapters/fs/index.js';
import { createContractSignatureChecker, createLocalWallet } from '../adapters/chain/index.js';
import { isChainError } from '../ports/chain.js';
import { isSecretStoreError } from '../ports/secretStoreError.js';
import { approvalSignatureLine } from '../app/contractApprovals.js';
import { exportParticipantOutputs } from '../app/exportParticipantOutputs.js';
import { fetchLinkedDefinition } from '../app/fetchLinkedDefinition.js';
import type { CheckedDefinition } from '../app/checkedDefinition.js';
import { ceremonyRelays, findParticipant, isJoinSource, joinCeremony, readJoinSource, resolveJoinTarget, type JoinCeremonyOptions, type Participant } from '../app/joinCeremony.js';
import { noticeLine, phaseLine } from '../app/ceremonyView.js';
import type { JoinTarget } from '../app/joinLink.js';
import { isSvError } from '../core/errors.js';
import { abortNamedLine, type CeremonyState } from '../core/dkg/index.js';
import { EXIT, UsageError, parseCommandArgs, readJsonFile, readPasswordFile, readTextFile, type CliIO } from './io.js';
import { createSystemClock } from '../adapters/system/index.js';

export const USAGE = `Usage: sv ceremony join <definition.json | join link | short join link> --operator-key <file> --out <dir> --password-file <f>
                       [--relay <multiaddr>[,<multiaddr>]]... [--kdf scrypt|pbkdf2] [--rpc <url>] [--operator <0x..>]

  Takes part in a ceremony as the operator whose key is in <file> (0x followed by 64 hex digits: a secp256k1
  private key; the approval is signed with it as a wallet would sign it). Talks only to relays: by default the
  ceremony's own relays, or those given with --relay (each ending in /p2p/<peer id>).

  --rpc <url>         the ceremony chain's JSON-RPC: needed to check approvals of operators that are contract
                      wallets (ERC-1271, e.g. a Safe), which only the chain can judge; without it they are refused.
  --operator <0x..>   take part as this operator, a contract wallet that accepts signatures of the key in <file>
                      (its owner) through ERC-1271; needs --rpc.

  Saved state (encrypted with the password) lives in <dir>/.state: if the process stops, run the same command
  again to resume. On success writes <dir>/ceremony.json, deposit_data-<ts>.json, cluster-lock.json, and the
  participant's keystore-<v>-<index>.json (encrypted with the password), slashing-protection.json and
  runner-bundle-<index>.json (all of them in one file for the duty runner; see sv bundle inspect).
  Exit 0 on success, 1 when the ceremony aborts (the reason and culprit are printed), 2 on bad input.`;

function describeSource(source: string): string {
  return source.length > 80 ? `${source.slice(0, 77)}...` : source;
}

/** The definition from a file, a join link, or a short join link (fetched from its relay and checked), checked once. */
async function readDefinition(source: string, givenRelays: string[]): Promise<CheckedDefinition> {
  let target: JoinTarget;
  try {
    target = readJoinSource(isJoinSource(source) ? { link: source } : { document: readJsonFile(source, 'ceremony definition') });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`the ceremony definition in ${describeSource(source)} is not valid: ${(e as Error).message}`);
  }
  return resolveJoinTarget(target, async (configHash, relay) => {
    const relays = usableRelays(givenRelays.length ? givenRelays : [relay]);
    if (relays.length === 0) throw new UsageError('the link\'s relay is a WebSocket address this Node cannot dial: give its TCP address with --relay');
    try {
      return await fetchLinkedDefinition(() => createLibp2pBoard({ relays, transports: nodeTransports() }), configHash, {
        clock: createSystemClock(),
        timeoutMs: 20_000,
        onTimeout: () => new UsageError(`no relay answered within 20 s (${relays.join(', ')})`),
        awaitClose: true,
      });
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`could not fetch the ceremony from its relay: ${(e as Error).message}`);
    }
  });
}

function readOperatorKey(path: string) {
  const text = readTextFile(path, 'operator key file').trim();
  try {
    return createLocalWallet(text);
  } catch {
    throw new UsageError(`operator key file ${path} must hold 0x followed by 64 hex digits (a secp256k1 private key)`);
  }
}

/** Relays a Node participant can dial: TCP always, WebSocket only where the runtime has a WebSocket client. */
function usableRelays(relays: string[]): string[] {
  for (const r of relays) {
    let components;
    try {
      components = multiaddr(r).getComponents();
    } catch (e) {
      throw new UsageError(`relay ${r} is not a valid multiaddr: ${(e as Error).message}`);
    }
    if (!components.some((c) => c.name === 'p2p')) throw new UsageError(`relay ${r} must end in /p2p/<peer id>`);
  }
  return nodeRelays(relays);
}

/** Who the key in the operator key file takes part as; usage errors in words. */
function participantOf(definition: CheckedDefinition['definition'], signer: string, operator: string | undefined): Participant {
  const as = operator ?? signer;
  if (!/^0x[0-9a-fA-F]{40}$/.test(as)) throw new UsageError(`--operator must be an address (0x followed by 40 hex digits), got ${JSON.stringify(as)}`);
  try {
    return findParticipant(definition, signer, as);
  } catch (e) {
    if (!isSvError(e, 'DKG_NOT_OPERATOR')) throw e;
    throw new UsageError(operator ? `--operator ${as} is not one of this ceremony's operators` : `the operator key's address ${signer} is not one of this ceremony's operators`);
  }
}

/** The ERC-1271 checker on `rpcUrl`, once the chain answered (else a usage error); none without an RPC. */
async function readyChecker(rpcUrl: string | undefined, chainId: number) {
  const checker = rpcUrl ? createContractSignatureChecker({ rpcUrl, chainId }) : undefined;
  try {
    await checker?.ready();
  } catch (e) {
    if (isChainError(e)) throw new UsageError(`--rpc: ${e.message}`);
    throw e;
  }
  return checker;
}

async function openStore(stateDir: string, password: string) {
  try {
    return await createFileSecretStore(stateDir, password);
  } catch (e) {
    if (isSecretStoreError(e)) throw new UsageError(`${stateDir}: ${e.message}`);
    throw e;
  }
}

type RunJoinOptions = Pick<JoinCeremonyOptions, 'ceremony' | 'index' | 'store' | 'randomBytes' | 'checker' | 'signApproval'> & { relays: string[] };

/** The ceremony over the relays, its progress printed; undefined when stopped by a signal (run again to resume). */
async function runJoin(io: CliIO, o: RunJoinOptions): Promise<CeremonyState | undefined> {
  const { relays, ...join } = o;
  let lastStatus = '';
  const board = await createLibp2pBoard({
    relays,
    transports: nodeTransports(),
    onStatus: (statuses: RelayStatus[]) => {
      const line = statuses.map((s) => `${s.address.split('/p2p/')[0]} ${s.status === 'open' ? 'connected' : `${s.status}${s.lastError ? ` (${s.lastError})` : ''}`}`).join('; ');
      if (line !== lastStatus) io.out(`  relays: ${line}`);
      lastStatus = line;
    },
  });
  const stop = new AbortController();
  const onSignal = () => {
    io.out('stopping; run the same command again to resume');
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await joinCeremony({
      ...join,
      board,
      onApprovalSignature: (e) => io.out(`    ${approvalSignatureLine(e, { cli: true })}`),
      clock: createSystemClock(),
      signal: stop.signal,
      onProgress: ({ state, notices, phaseChanged }) => {
        if (phaseChanged) io.out(`  ${phaseLine(state.phase)}`);
        for (const notice of notices) {
          const line = noticeLine(notice);
          if (line) io.out(`    ${line}`);
        }
      },
    });
  } catch (e) {
    if (stop.signal.aborted) return undefined;
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await board.close();
  }
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      relay: { type: 'string', multiple: true },
      'operator-key': { type: 'string' },
      out: { type: 'string' },
      'password-file': { type: 'string' },
      kdf: { type: 'string' },
      rpc: { type: 'string' },
      operator: { type: 'string' },
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(`give exactly one definition file or join link\n\n${USAGE}`);
  for (const required of ['operator-key', 'out', 'password-file'] as const) {
    if (!values[required]) throw new UsageError(`--${required} is required\n\n${USAGE}`);
  }
  const kdf = values.kdf ?? 'scrypt';
  if (kdf !== 'scrypt' && kdf !== 'pbkdf2') throw new UsageError('--kdf must be scrypt or pbkdf2');
  const given = (values.relay ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  const wallet = readOperatorKey(values['operator-key']!);
  const ceremony = await readDefinition(positionals[0]!, given);
  const { definition } = ceremony;
  const rpcUrl = values.rpc;
  if (rpcUrl !== undefined && !/^https?:\/\/\S+$/.test(rpcUrl)) throw new UsageError(`--rpc must be an http:// or https:// URL`);
  const { index, operator, contractWallet } = participantOf(definition, wallet.address, values.operator);
  if (contractWallet && !rpcUrl) {
    throw new UsageError(`operator ${index} (${operator}) is a contract wallet signing with the key of ${wallet.address} (ERC-1271); checking it needs the chain's RPC — pass --rpc <url>`);
  }
  const checker = await readyChecker(rpcUrl, definition.network.chainId);
  const configured = ceremonyRelays(definition, given);
  if (configured.length === 0) throw new UsageError('the ceremony names no relay: give one with --relay <multiaddr>');
  const relays = usableRelays(configured);
  if (relays.length === 0) throw new UsageError('none of the relays has a TCP address this Node can dial (WebSocket needs Node 22): give one with --relay');
  const out = values.out!;
  const stateDir = join(out, '.state');
  if (!existsSync(stateDir) && existsSync(out) && readdirSync(out).length > 0) throw new UsageError(`${out} is not empty and holds no saved ceremony: choose a new output directory`);
  const password = readPasswordFile(values['password-file']!);
  const store = await openStore(stateDir, password);
  const randomBytes = (k: number) => Uint8Array.from(nodeRandomBytes(k));
  const resumed = (await store.list('ceremony/')).length > 0;
  const signer = contractWallet ? `${operator}, a contract wallet signing with ${wallet.address}` : wallet.address;
  io.out(`${resumed ? 'resuming' : 'joining'} "${definition.name}" as operator ${index} of ${definition.operators.length} (${signer}), threshold ${definition.threshold}, ${definition.validators.length} validator(s) on ${definition.network.name}`);

  const started = Date.now();
  const state = await runJoin(io, { ceremony, index, store, randomBytes, relays, checker, signApproval: (typed) => wallet.signTypedData(typed) });
  if (!state) return EXIT.INVALID;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const now = Math.floor(Date.now() / 1000);
  // The seed is read from the store, and only after a success.
  const exported = () => exportParticipantOutputs({ state, seed: { store, definition: ceremony, index }, password, randomBytes, kdf, now });
  if (state.phase !== 'succeeded') {
    const written = writeFiles(out, (await exported()).publicFiles, { overwrite: true });
    io.out(`ceremony aborted after ${seconds} s: ${state.abort?.message ?? 'unknown reason'}`);
    io.out(`  reason: ${state.abort?.reason}; ${state.abort ? abortNamedLine(state.abort) : 'no participant named'}`);
    io.out(`  wrote ${written.join(', ')} to ${out}`);
    return EXIT.INVALID;
  }
  io.out(`ceremony succeeded in ${seconds} s`);
  state.result!.validators.forEach((v, k) => io.out(`  validator ${k}: ${v.publicKey}`));
  io.out(`  encrypting ${definition.validators.length} keystore(s) with ${kdf}...`);
  const { publicFiles, participantFiles } = await exported();
  const written = writeFiles(out, [...publicFiles, ...participantFiles], { overwrite: true });
  io.out(`  wrote ${written.join(', ')} to ${out}`);
  return EXIT.OK;
}
