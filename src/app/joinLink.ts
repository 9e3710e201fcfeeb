/**
 * Join links: the ceremony definition travels in the URL fragment, which browsers never send to any server
 * (`<app url>#join=1&d=<base64url of the definition's canonical JSON>`). Anyone holding the link can check what
 * they join: its configHash is recomputed from the definition itself. A link carries no secret.
 */
import { canonicalJson, type CanonicalValue } from '../core/wire/canonicalJson.js';
import { configHash, definitionDocument, parseDefinition, readDefinitionDocument, type CeremonyDefinition } from '../core/dkg/definition.js';
import { bytesToHex, hexToBytes } from '../core/bytes.js';
import type { Board } from '../ports/board.js';
import { SvError } from '../core/errors.js';
import { withHash, type CheckedDefinition } from './checkedDefinition.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new SvError('DKG_BAD_DEFINITION', 'the join link is damaged: its definition is not base64url');
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    let n = 0;
    for (let k = 0; k < 4; k++) n = (n << 6) | (k < chunk.length ? ALPHABET.indexOf(chunk[k]!) : 0);
    const bytes = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    out.push(...bytes.slice(0, chunk.length - 1));
  }
  return Uint8Array.from(out);
}

/** The join link of a definition, under the web app's base URL. */
export function joinLink(baseUrl: string, definition: CeremonyDefinition): string {
  const json = canonicalJson(definition as unknown as CanonicalValue);
  return `${baseUrl.replace(/#.*$/, '')}#join=1&d=${toBase64Url(new TextEncoder().encode(json))}`;
}

/** Links longer than this are better shared in the short form (messengers cut or mangle long URLs). */
export const LONG_LINK = 2000;

/** The short join link: the definition's configHash and a relay whose board holds the definition. */
export function shortJoinLink(baseUrl: string, definition: CeremonyDefinition, relay: string): string {
  return `${baseUrl.replace(/#.*$/, '')}#join=1&h=${bytesToHex(configHash(definition))}&r=${encodeURIComponent(relay)}`;
}

/** True when `text` looks like a join link (a URL or a bare fragment carrying `d=`, or `h=` and `r=`). */
export function isJoinLink(text: string): boolean {
  const fragment = text.includes('#') ? text.slice(text.indexOf('#') + 1) : text;
  return /(^|&)d=/.test(fragment) || (/(^|&)h=/.test(fragment) && /(^|&)r=/.test(fragment));
}

/** What a join link points to: the definition itself (checked), or where to fetch it and the hash it must have. */
export type JoinTarget = { checked: CheckedDefinition } | { configHash: string; relay: string };

/** Parse either form of join link. Throws SvError(DKG_BAD_DEFINITION) in words. */
export function parseJoinTarget(link: string): JoinTarget {
  const fragment = link.includes('#') ? link.slice(link.indexOf('#') + 1) : link;
  const params = new URLSearchParams(fragment);
  const h = params.get('h');
  if (h !== null && !params.has('d')) {
    const relay = params.get('r') ?? '';
    if (!/^[0-9a-f]{64}$/.test(h)) throw new SvError('DKG_BAD_DEFINITION', 'the join link is damaged: its ceremony hash is not 64 hex digits');
    if (!relay.startsWith('/') || relay.length > 300) throw new SvError('DKG_BAD_DEFINITION', 'the join link is damaged: it names no relay to fetch the ceremony from');
    return { configHash: h, relay };
  }
  return { checked: withHash(parseJoinLink(link)) };
}

/** The board message that lets a short link work: publish it on the link's relay (session = configHash hex). */
export function definitionMessage(definition: CeremonyDefinition | CheckedDefinition): { session: string; data: string } {
  if ('configHashHex' in definition) return { session: definition.configHashHex, data: definitionDocument(definition.definition) };
  return { session: bytesToHex(configHash(definition)), data: definitionDocument(definition) };
}

/**
 * Fetch the definition of a short join link from a board: the first message of session `configHashHex` that is a
 * definition hashing to it. Throws SvError(DKG_BAD_DEFINITION) when the relay does not hold it.
 */
export async function fetchDefinition(board: Board, configHashHex: string): Promise<CheckedDefinition> {
  for (const m of await board.history(configHashHex)) {
    // readDefinitionDocument checked the definition and that it hashes to configHashHex: no need to hash it again.
    const definition = readDefinitionDocument(m.data, configHashHex);
    if (definition) return { definition, configHash: hexToBytes(configHashHex), configHashHex };
  }
  throw new SvError('DKG_BAD_DEFINITION', 'the relay does not hold this ceremony\'s definition (was it published there, and is the link complete?)');
}

/**
 * The definition a join link carries, validated (not hashed: `parseJoinTarget` gives the checked value with its
 * configHash). Throws SvError(DKG_BAD_DEFINITION) with words when it cannot.
 */
export function parseJoinLink(link: string): CeremonyDefinition {
  const fragment = link.includes('#') ? link.slice(link.indexOf('#') + 1) : link;
  const d = new URLSearchParams(fragment).get('d');
  if (!d) throw new SvError('DKG_BAD_DEFINITION', 'this is not a join link: it carries no ceremony definition (d=...)');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(d)));
  } catch (e) {
    if (e instanceof SvError) throw e;
    throw new SvError('DKG_BAD_DEFINITION', 'the join link is damaged: its definition is not valid JSON');
  }
  return parseDefinition(value);
}
