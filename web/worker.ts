/**
 * The ceremony worker: everything heavy and everything secret runs here, off the UI thread — the board (libp2p
 * to the relays), the encrypted store (IndexedDB), the engine's steps and the keystore encryption. The page only
 * renders views and asks the wallet for the approval signature when the worker requests it.
 */
/// <reference lib="webworker" />
import { ceremonyView } from '../src/app/ceremonyView.js';
import { exportParticipantOutputs } from '../src/app/exportParticipantOutputs.js';
import { joinCeremony } from '../src/app/joinCeremony.js';
import { storageName } from '../src/app/storageNames.js';
import { SvError } from '../src/core/errors.js';
import { createLibp2pBoard, browserRelays, browserTransports, localDevGater, type Libp2pBoard } from '../src/adapters/libp2p/index.js';
import { createIdbSecretStore } from '../src/adapters/idb/index.js';
import { createContractSignatureChecker } from '../src/adapters/chain/index.js';
import type { CheckedDefinition } from '../src/core/dkg/definition.js';
import type { CeremonyState } from '../src/core/dkg/index.js';
import type { SecretStore } from '../src/ports/secretStore.js';
import type { FromWorker, ToWorker } from './workerProtocol.js';
import { createSystemClock } from '../src/adapters/system/index.js';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: FromWorker) => self.postMessage(m);
const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

let board: Libp2pBoard | undefined;
let store: SecretStore | undefined;
let state: CeremonyState | undefined;
let index = 0;
let checked: CheckedDefinition | undefined;
const stop = new AbortController();
const signatures = new Map<number, { resolve: (s: Uint8Array) => void; reject: (e: Error) => void }>();
let nextSignature = 1;

function fail(e: unknown) {
  const error = e as { code?: string; message?: string };
  post({ type: 'error', code: error.code ?? 'APP_UNEXPECTED', message: error.message ?? String(e) });
}

/** Ask the page for the wallet's signature (the wallet lives on the page) and wait for its answer. */
function askPageToSign(typedData: Parameters<Parameters<typeof joinCeremony>[0]['signApproval']>[0]): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    const id = nextSignature++;
    signatures.set(id, { resolve, reject });
    post({ type: 'sign', id, typedData });
  });
}

/** The page checked the definition at its boundary (the link) and sends it with its configHash: not parsed again. */
async function start(m: Extract<ToWorker, { type: 'start' }>) {
  const { ceremony } = m;
  checked = ceremony;
  index = m.index;
  store = await createIdbSecretStore({ namespace: storageName('ceremonyStore', ceremony.configHashHex, index), passphrase: m.passphrase });
  const relays = browserRelays(m.relays);
  if (relays.length === 0) throw new SvError('APP_NO_RELAY', 'this ceremony names no relay a browser can reach (a /ws or /wss address)');
  const opened = store;
  const onStart = (s: CeremonyState) => post({ type: 'view', view: ceremonyView(s) });
  board = await createLibp2pBoard({
    relays,
    transports: browserTransports(),
    connectionGater: localDevGater(self.location.hostname),
    onStatus: (statuses) => post({ type: 'relays', relays: statuses }),
  });
  state = await joinCeremony({
    ceremony,
    index,
    board,
    store: opened,
    randomBytes,
    clock: createSystemClock(),
    signal: stop.signal,
    // Contract-wallet approvals (ERC-1271) are checked on the ceremony's chain, when the app knows its RPC.
    checker: m.rpcUrl ? createContractSignatureChecker({ rpcUrl: m.rpcUrl, chainId: ceremony.definition.network.chainId }) : undefined,
    onApprovalSignature: (event) => post({ type: 'approval-signature', event }),
    signApproval: askPageToSign,
    onStart,
    onProgress: ({ state: s }) => {
      state = s;
      post({ type: 'view', view: ceremonyView(s) });
    },
  });
  post({ type: 'view', view: ceremonyView(state) });
  post({ type: 'finished' });
}

async function backup(password: string) {
  if (!state || !store || !checked || state.phase !== 'succeeded') throw new SvError('APP_NOT_READY', 'the ceremony has not succeeded');
  const outputs = await exportParticipantOutputs({
    state,
    seed: { store, definition: checked, index },
    password,
    randomBytes,
    kdf: 'scrypt',
    now: Math.floor(Date.now() / 1000),
    onProgress: (f) => post({ type: 'progress', what: 'Encrypting your key share', fraction: f }),
  });
  // The runner bundle holds the very same keystores, plus the cluster lock and the slashing-protection file.
  post({ type: 'files', files: [...outputs.publicFiles, ...outputs.participantFiles] });
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  switch (m.type) {
    case 'start':
      start(m).catch(fail);
      return;
    case 'signature': {
      const waiting = signatures.get(m.id);
      signatures.delete(m.id);
      if (m.signature) waiting?.resolve(Uint8Array.from(m.signature));
      else waiting?.reject(new Error(m.error ?? 'the wallet did not sign'));
      return;
    }
    case 'backup':
      backup(m.password).catch(fail);
      return;
    case 'stop':
      stop.abort();
      void board?.close();
      return;
  }
};
