// The transaction envelope (docs/wire-format.md §1–§3, §5): a CBOR map with
// integer keys 1–8 in core deterministic encoding; the payload is a byte
// string holding the JSON payload.
import { encode, decode } from 'cbor2';
import { concat, equal, fromHex, toHex, utf8 } from './bytes.js';
import { address, sha256Hex, suite } from './suites.js';

export const VERSION = 1;
export const SIGN_PREFIX = utf8('govchain/tx/v1\u0000');
export const MAX_TX_BYTES = 65536;

function envelopeMap(tx, withSignature) {
  const m = new Map([
    [1, VERSION],
    [2, tx.chainId],
    [3, tx.signer],
    [4, tx.sequence],
    [5, tx.module],
    [6, tx.action],
    [7, tx.payload],
  ]);
  if (withSignature) m.set(8, tx.signature);
  return m;
}

function check(tx) {
  for (const f of ['chainId', 'signer', 'module', 'action']) {
    if (typeof tx[f] !== 'string' || tx[f] === '') throw new TypeError(`tx.${f} must be a non-empty string`);
  }
  if (!/^[0-9a-f]{40}$/.test(tx.signer)) throw new TypeError('tx.signer must be 40 lower-case hex digits (an address)');
  if (!Number.isSafeInteger(tx.sequence) || tx.sequence < 0) throw new TypeError('tx.sequence must be a non-negative integer');
  if (!(tx.payload instanceof Uint8Array)) throw new TypeError('tx.payload must be the payload JSON as UTF-8 bytes');
}

// cde is RFC 8949 §4.2.1 core deterministic encoding: sorted keys,
// shortest integers and lengths, definite lengths.
const cde = (m) => encode(m, { cde: true });

// unsignedBytes is the envelope with keys 1–7.
export function unsignedBytes(tx) {
  check(tx);
  return cde(envelopeMap(tx, false));
}

// signBytes is "govchain/tx/v1" 0x00 ‖ the unsigned envelope.
export function signBytes(tx) {
  return concat(SIGN_PREFIX, unsignedBytes(tx));
}

// encodeSigned is the envelope with the signature under key 8.
export function encodeSigned(tx) {
  check(tx);
  if (!(tx.signature instanceof Uint8Array) || tx.signature.length === 0) throw new TypeError('tx.signature must be set');
  const raw = cde(envelopeMap(tx, true));
  if (raw.length > MAX_TX_BYTES) throw new RangeError(`encoded tx is ${raw.length} bytes, the limit is ${MAX_TX_BYTES}`);
  return raw;
}

// payloadBytes encodes a payload object as JSON (or takes a JSON string as
// it is: the signature covers the bytes as sent).
export function payloadBytes(payload) {
  return utf8(typeof payload === 'string' ? payload : JSON.stringify(payload));
}

// buildTx makes and signs a transaction; it answers the encoded bytes and
// both hashes. key: {suite, privateKey (Uint8Array or hex)}.
export function buildTx({ suite: suiteName, privateKey, chainId, sequence, module, action, payload }) {
  const s = suite(suiteName);
  const priv = typeof privateKey === 'string' ? fromHex(privateKey) : privateKey;
  const pub = s.publicKey(priv);
  const tx = { chainId, signer: address(suiteName, pub), sequence, module, action, payload: payloadBytes(payload) };
  tx.signature = s.sign(priv, signBytes(tx));
  const raw = encodeSigned(tx);
  return { tx, raw, ...txHashes(suiteName, raw) };
}

// txHashes are the tx's two names: govchain's hash (the suite's: SM3 on
// gm) and CometBFT's (SHA-256). GET /api/v1/txs/{hash} takes either.
export function txHashes(suiteName, raw) {
  return { hash: toHex(suite(suiteName).hash(raw)), cometbftHash: sha256Hex(raw) };
}

// decodeTx reads an encoded envelope back and checks it is canonical (the
// node refuses any other encoding of the same values).
export function decodeTx(raw) {
  const m = decode(raw, { preferMap: true });
  if (!(m instanceof Map)) throw new Error('not a CBOR map');
  const tx = { version: m.get(1), chainId: m.get(2), signer: m.get(3), sequence: Number(m.get(4)), module: m.get(5),
    action: m.get(6), payload: m.get(7), signature: m.get(8) };
  if (!equal(encodeSigned(tx), raw)) throw new Error('not canonical CBOR');
  return tx;
}

// verifyTx checks a signed envelope's signature with the signer's public
// key (which must hash to the signer address).
export function verifyTx(suiteName, raw, publicKey) {
  const tx = decodeTx(raw);
  const pub = typeof publicKey === 'string' ? fromHex(publicKey) : publicKey;
  if (address(suiteName, pub) !== tx.signer) return false;
  return suite(suiteName).verify(pub, signBytes(tx), tx.signature);
}
