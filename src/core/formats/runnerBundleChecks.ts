/**
 * The checks of a decoded runner bundle, as plain-words verdicts: does the manifest agree with the cluster lock,
 * is the lock consistent, is the slashing-protection file for this network and these keys, does every keystore
 * hold this participant's share (and, with the password, does it decrypt to it). Pure; the password check runs
 * the keystore's KDF (slow: callers in a browser run it in a worker).
 */
import { shortKey } from '../bytes.js';
import { isSvError } from '../errors.js';
import { secretToPublicKey } from '../bls/index.js';
import { getNetwork } from '../eth/networks.js';
import { decryptKeystore } from '../keystore/index.js';
import { toHex0x } from '../wire/fields.js';
import { clusterLockProblem, lockValidatorProblem, type ClusterLock } from './clusterLock.js';
import type { RunnerBundle, RunnerManifest } from './runnerBundle.js';

/** What `checkRunnerBundle` checks. */
export type CheckName =
  | 'manifest' // the manifest agrees with the cluster lock
  | 'cluster-lock' // the lock is internally consistent (definition hash, operators, counts)
  | 'slashing-protection' // the interchange file is for this network and these keys
  | 'group-key' // manifest pk_v = lock pk_v
  | 'public-share' // manifest share = lock publicShares[index-1]
  | 'lock-validator' // the lock's public shares are valid, lie on one polynomial through pk_v, and sign the lock
  | 'keystore' // the keystore's pubkey is this participant's public share
  | 'keystore-password'; // with the password: the keystore decrypts to a secret whose public key is the share

/** One verdict. */
export interface Check {
  name: CheckName;
  /** The validator (0-based) the verdict is about, or null for the bundle as a whole. */
  validator: number | null;
  ok: boolean;
  /** In words: what holds, or what is wrong. */
  message: string;
}

/** Why the manifest disagrees with the lock, or undefined. */
function manifestProblem(m: RunnerManifest, lock: ClusterLock): string | undefined {
  const d = lock.definition;
  if (m.configHash !== lock.configHash) return 'its configHash is not the cluster lock\'s';
  if (m.network !== d.network.name) return `it says network ${m.network}, the cluster lock ${d.network.name}`;
  if (m.threshold !== d.threshold || m.operators !== d.operators.length) return `it says ${m.threshold}-of-${m.operators}, the cluster lock ${d.threshold}-of-${d.operators.length}`;
  if (m.index > d.operators.length) return `its share index ${m.index} is not in 1..${d.operators.length}`;
  if (m.operator !== d.operators[m.index - 1]!.address) return `its operator ${m.operator} is not operator ${m.index} of the cluster lock (${d.operators[m.index - 1]!.address})`;
  if (m.validators.length !== lock.validators.length) return `it has ${m.validators.length} validators, the cluster lock ${lock.validators.length}`;
  return undefined;
}

/** Why the slashing-protection file is not for this network and these keys, or undefined. */
function slashingProblem(bundle: RunnerBundle): string | undefined {
  const lock = bundle.clusterLock;
  const gvr = toHex0x(getNetwork(lock.definition.network.name).genesisValidatorsRoot);
  const groupKeys = new Set(lock.validators.map((v) => v.publicKey));
  const sp = bundle.slashingProtection;
  const foreign = sp.data.find((e) => !groupKeys.has(e.pubkey));
  if (sp.metadata.genesis_validators_root !== gvr) {
    return `the slashing-protection file is for another network (genesis_validators_root ${shortKey(sp.metadata.genesis_validators_root)}, ${lock.definition.network.name} has ${shortKey(gvr)})`;
  }
  return foreign ? `the slashing-protection file has history for ${shortKey(foreign.pubkey)}, which is not a validator of this cluster` : undefined;
}

/** Why keystore v does not open with `password` to this participant's share, or undefined. */
async function passwordProblem(bundle: RunnerBundle, v: number, share: string | undefined, password: string): Promise<string | undefined> {
  const index = bundle.manifest.index;
  try {
    const secret = await decryptKeystore(bundle.keystores[v]!, password);
    const pk = toHex0x(secretToPublicKey(secret));
    secret.fill(0);
    return pk !== share ? `the keystore decrypts to the secret of ${shortKey(pk)}, not of share ${index}${share ? ` (${shortKey(share)})` : ''}` : undefined;
  } catch (e) {
    if (!isSvError(e)) throw e;
    return e.code === 'KEYSTORE_BAD_PASSWORD' ? 'wrong password: the keystore does not open with it' : `the keystore does not decrypt: ${e.message} [${e.code}]`;
  }
}

type Add = (name: CheckName, validator: number | null, problem: string | undefined, okMessage: string) => void;

/** The checks of validator v: group key, public share, the lock's entry, the keystore's public key. */
function checkValidator(bundle: RunnerBundle, v: number, add: Add): string | undefined {
  const { manifest: m, clusterLock: lock } = bundle;
  const mv = m.validators[v]!;
  const lv = lock.validators[v];
  const share = lv?.publicShares[m.index - 1];
  add(
    'group-key',
    v,
    !lv ? 'the cluster lock has no such validator' : lv.publicKey !== mv.publicKey ? `the manifest's group key ${shortKey(mv.publicKey)} is not the lock's ${shortKey(lv.publicKey)}` : undefined,
    `the group key is the lock's ${shortKey(mv.publicKey)}`,
  );
  add(
    'public-share',
    v,
    share === undefined
      ? `the cluster lock has no public share ${m.index} for this validator`
      : share !== mv.publicShare
        ? `the manifest's public share ${shortKey(mv.publicShare)} is not the lock's share ${m.index} (${shortKey(share)})`
        : undefined,
    `the public share is the lock's share ${m.index}`,
  );
  add('lock-validator', v, lv ? lockValidatorProblem(lock, v) : 'the cluster lock has no such validator', 'the lock\'s public shares combine to the group key and all n of them sign the lock');
  const ks = bundle.keystores[v]!;
  const ksKey = ks.pubkey === undefined ? undefined : `0x${ks.pubkey}`;
  add(
    'keystore',
    v,
    share === undefined
      ? `there is no public share ${m.index} to compare the keystore with`
      : ksKey === undefined
        ? 'the keystore does not say its public key'
        : ksKey !== share
          ? `the keystore is for ${shortKey(ksKey)}, not for share ${m.index} (${shortKey(share)})`
          : undefined,
    `the keystore is for share ${m.index} (${shortKey(ksKey ?? '')})`,
  );
  return share;
}

/**
 * Check a decoded bundle. Per validator: the manifest's group key and public share are the lock's, the lock's
 * entry is consistent, the keystore's pubkey is this participant's public share and, with `password`, the
 * keystore decrypts to a secret whose public key is that share (a wrong password is a failed verdict, not a
 * throw). For the whole bundle: the lock is consistent with its definition, the manifest agrees with the lock,
 * and the slashing-protection file is for this network and these keys.
 */
export async function checkRunnerBundle(bundle: RunnerBundle, opts: { password?: string } = {}): Promise<Check[]> {
  const { manifest: m, clusterLock: lock } = bundle;
  const checks: Check[] = [];
  const add: Add = (name, validator, problem, okMessage) => checks.push({ name, validator, ok: problem === undefined, message: problem ?? okMessage });

  const lp = clusterLockProblem(lock);
  add('cluster-lock', null, lp && `the cluster lock is not consistent: ${lp}`, 'the cluster lock is consistent with its definition');
  const mp = manifestProblem(m, lock);
  add('manifest', null, mp && `the manifest disagrees with the cluster lock: ${mp}`, `the manifest agrees with the cluster lock (share ${m.index} of ${m.operators})`);
  const sp = bundle.slashingProtection;
  add(
    'slashing-protection',
    null,
    slashingProblem(bundle),
    `the slashing-protection file is for ${lock.definition.network.name}${sp.data.length ? ` with history for ${sp.data.length} key(s)` : ' and empty'}`,
  );

  for (const v of m.validators.keys()) {
    const share = checkValidator(bundle, v, add);
    if (opts.password !== undefined) {
      add('keystore-password', v, await passwordProblem(bundle, v, share, opts.password), `the keystore opens with the password and holds the secret of share ${m.index}`);
    }
  }
  return checks;
}
