/**
 * Adversarial helpers on top of test/dkgHarness.ts (PROTOCOL.md §9 "adversarial hooks between rounds"): a
 * synchronous board whose delivery hook may rewrite, drop or multiply any message per recipient, and a "cheater"
 * hook that rewrites one participant's bodies and RE-SIGNS them with that participant's own identity key, as a
 * real cheater would. The cheater stays self-consistent: when its M1 was rewritten, its M2 echoes the rewritten
 * M1 (its own honest engine would otherwise echo the original and be caught as an equivocator instead).
 */
import { expect } from 'vitest';
import { hexToBytes } from '../src/core/bytes.js';
import {
  ceremonyFile,
  bodyHash,
  openEnvelope,
  sealEnvelope,
  step,
  verifyTranscript,
  type AbortReason,
  type CeremonyDefinition,
  type CeremonyEvent,
  type Notice,
  type Round,
} from '../src/core/dkg/index.js';
import { deriveCeremonyKeys } from '../src/core/dkg/crypto/index.js';
import type { CanonicalValue } from '../src/core/wire/canonicalJson.js';
import { toHex0x } from '../src/core/wire/fields.js';
import { makeDefinition, makeOperators, makeParticipants, walletSign, type Participant } from './dkgHarness.js';
import { seededBytes } from './helpers.js';

/** A loosely typed, mutable JSON body (tests poke at fields freely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Setup {
  def: CeremonyDefinition;
  parts: Participant[];
}

/** n participants of a fresh definition (t defaults to ceil(2n/3)); `uuid` changes the definition (another sid). */
export function setup(n: number, label: string, opts: { t?: number; V?: number; uuid?: string } = {}): Setup {
  const ops = makeOperators(n, label);
  const base = makeDefinition(ops, { t: opts.t, V: opts.V });
  const def = opts.uuid ? { ...base, uuid: opts.uuid } : base;
  return { def, parts: makeParticipants(def, ops, label) };
}

/** The ceremony keys of a participant (a cheater uses its own identity secret to sign what it sends). */
export function keysOf(p: Participant) {
  return deriveCeremonyKeys(p.seed, hexToBytes(p.state.configHash));
}

/** A deep, mutable copy of an envelope's body. */
export function bodyOf(text: string): Json {
  return JSON.parse(text).body as Json;
}

export function envOf(text: string): Json {
  return JSON.parse(text) as Json;
}

/** Re-sign `body` as the envelope `text`'s (sid, round, sender), with participant `p`'s identity key. */
export function reseal(p: Participant, text: string, body: Json): string {
  const e = envOf(text);
  return sealEnvelope(keysOf(p).identitySecret, hexToBytes(e.sid), e.round as Round, e.sender, body as CanonicalValue);
}

/** Seal a new envelope with explicit fields (signed by `p`, whatever `sender` claims). */
export function sealAs(p: Participant, sid: string, round: Round, sender: number, body: Json): string {
  return sealEnvelope(keysOf(p).identitySecret, hexToBytes(sid), round, sender, body as CanonicalValue);
}

/** Delivery hook: the text(s) recipient `to` gets for a message `from` published (null or [] drops it). */
export type Deliver = (text: string, from: number, to: number) => string | string[] | null;

export interface RunLog {
  /** Every published text, in order. */
  published: { text: string; from: number }[];
  notices: Map<number, Notice[]>;
}

/** Deliver one event to a participant; returns its outbound messages. */
export function feed(p: Participant, event: CeremonyEvent, log?: RunLog): string[] {
  const r = step(p.state, event, { seed: p.seed });
  p.state = r.state;
  if (log) log.notices.set(p.index, [...(log.notices.get(p.index) ?? []), ...r.notices]);
  return r.outbound;
}

/** Like the harness' `simulate`, with a hook that can also deliver several texts (equivocation) to one peer. */
export function run(parts: Participant[], deliver?: Deliver): RunLog {
  const log: RunLog = { published: [], notices: new Map() };
  const queue: { text: string; from: number }[] = [];
  for (const p of parts) for (const text of feed(p, { type: 'approve', signature: walletSign(p) }, log)) queue.push({ text, from: p.index });
  while (queue.length) {
    const m = queue.shift()!;
    log.published.push(m);
    for (const p of parts) {
      if (p.index === m.from) continue;
      const out = deliver ? deliver(m.text, m.from, p.index) : m.text;
      const texts = out === null ? [] : Array.isArray(out) ? out : [out];
      for (const data of texts) for (const text of feed(p, { type: 'message', data }, log)) queue.push({ text, from: p.index });
    }
  }
  return log;
}

/** The published texts of one round, by sender index - 1 (first seen). */
export function byRound(log: RunLog, round: Round, n: number): string[] {
  const out: string[] = Array<string>(n);
  for (const { text, from } of log.published) if (envOf(text).round === round && !out[from - 1]) out[from - 1] = text;
  return out;
}

export interface CheatRules {
  /** Rewrite the cheater's M1 body (a mutable copy) for recipient `to`; return the body, or null to drop. */
  deal?: (body: Json, to: number, text: string) => Json | null;
  ack?: (body: Json, to: number, text: string) => Json | null;
  confirm?: (body: Json, to: number, text: string) => Json | null;
}

/**
 * A delivery hook making participant `cheater` rewrite its own messages per recipient and sign them with its own
 * identity key. Its M2 echo of its own M1 follows the M1 variant that recipient got (a consistent liar).
 */
export function cheat(parts: Participant[], cheater: number, rules: CheatRules, inner?: Deliver): Deliver {
  const p = parts[cheater - 1]!;
  const dealSeenBy = new Map<number, string>();
  return (text, from, to) => {
    let out = text;
    if (from === cheater) {
      const round = envOf(text).round as number;
      const body = bodyOf(text);
      let next: Json | null = body;
      if (round === 1 && rules.deal) next = rules.deal(body, to, text);
      if (round === 2) {
        const variant = dealSeenBy.get(to);
        if (variant) body.seen[cheater - 1] = { bodyHash: toHex0x(bodyHash(bodyOf(variant))), sig: envOf(variant).sig };
        if (rules.ack) next = rules.ack(body, to, text);
      }
      if (round === 3 && rules.confirm) next = rules.confirm(body, to, text);
      if (next === null) return null;
      out = reseal(p, text, next);
      if (round === 1) dealSeenBy.set(to, out);
    }
    return inner ? inner(out, from, to) : out;
  };
}

/** Deterministic weights for the transcript verifier. */
export const weights = () => ({ randomBytes: seededBytes('adversary-weights') });

/** The JSON round trip of ceremony.json, as a file reader would see it. */
export function fileOf(p: Participant): unknown {
  return JSON.parse(JSON.stringify(ceremonyFile(p.state)));
}

/**
 * Every honest participant aborted with exactly `reason` and `culprits`, and its ceremony.json re-verifies with the
 * same abort. `cheaters` are excluded from the check (their own engines saw their honest messages).
 */
export function expectAbort(parts: Participant[], cheaters: number[], reason: AbortReason | AbortReason[], culprits: number[]): void {
  const reasons = Array.isArray(reason) ? reason : [reason];
  const honest = parts.filter((p) => !cheaters.includes(p.index));
  expect(honest.length).toBeGreaterThan(0);
  for (const p of honest) {
    const where = `participant ${p.index}: ${JSON.stringify(p.state.abort?.message ?? p.state.phase)}`;
    expect(p.state.phase, where).toBe('aborted');
    expect(reasons, where).toContain(p.state.abort!.reason);
    expect(p.state.abort!.culprits, where).toEqual(culprits);
    for (const c of p.state.abort!.culprits) expect(cheaters, where).toContain(c);
    const verdict = verifyTranscript(fileOf(p), weights());
    expect(verdict.problems, where).toEqual([]);
    expect(verdict.valid, where).toBe(true);
    expect(verdict.status).toBe('aborted');
    expect(verdict.abort?.reason).toBe(p.state.abort!.reason);
    expect(verdict.abort?.culprits).toEqual(culprits);
  }
}

/** Every participant succeeded with the same group keys, and its ceremony.json verifies. */
export function expectSuccess(parts: Participant[], checkTranscriptOf: number[] = [1]): void {
  for (const p of parts) expect(p.state.phase, JSON.stringify(p.state.abort)).toBe('succeeded');
  const keys = new Set(parts.map((p) => JSON.stringify(p.state.result!.validators.map((v) => v.publicKey))));
  expect(keys.size).toBe(1);
  for (const k of checkTranscriptOf) expect(verifyTranscript(fileOf(parts[k - 1]!), weights())).toEqual({ valid: true, status: 'success', problems: [] });
}

/** Open an envelope text of a ceremony of n (throws if malformed). */
export const open = (text: string, n: number) => openEnvelope(text, n);

/**
 * Cheap: every participant approves and receives every approval, so each publishes its M1 (never delivered).
 * Returns the n M1 texts, byte-identical to those of a full run of the same setup (everything is seeded).
 */
export function dealsOnly(parts: Participant[]): string[] {
  const approvals = parts.flatMap((p) => feed(p, { type: 'approve', signature: walletSign(p) }));
  const deals: string[] = [];
  for (const p of parts) {
    for (const a of approvals) {
      if (envOf(a).sender === p.index) continue;
      for (const out of feed(p, { type: 'message', data: a })) if (envOf(out).round === 1) deals[p.index - 1] = out;
    }
  }
  return deals;
}
