// The two signature suites (docs/wire-format.md §3, §4): gm is SM2 with SM3
// and the default user id, signatures ASN.1 DER; intl is Ed25519 with
// SHA-256 as the chain's hash.
import * as ed from './ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import smCrypto from 'sm-crypto';
import { fromHex, toHex } from './bytes.js';

const { sm2, sm3 } = smCrypto;

// SM2_USER_ID is the default user id of GB/T 32918.2 that govchain uses in ZA.
export const SM2_USER_ID = '1234567812345678';

const gm = {
  name: 'gm',
  hash: (bytes) => fromHex(sm3(Array.from(bytes))),
  publicKey(privateKey) {
    const pub = fromHex(sm2.getPublicKeyFromPrivateKey(toHex(privateKey)));
    if (pub.length !== 65 || pub[0] !== 0x04) throw new Error('gm: public key is not an uncompressed point');
    return pub;
  },
  sign(privateKey, message) {
    const publicKey = toHex(gm.publicKey(privateKey));
    return fromHex(sm2.doSignature(Array.from(message), toHex(privateKey), { hash: true, der: true, publicKey, userId: SM2_USER_ID }));
  },
  verify(publicKey, message, signature) {
    try {
      return sm2.doVerifySignature(Array.from(message), toHex(signature), toHex(publicKey), { hash: true, der: true, userId: SM2_USER_ID });
    } catch {
      return false;
    }
  },
};

const intl = {
  name: 'intl',
  hash: (bytes) => sha256(bytes),
  publicKey: (seed) => ed.getPublicKey(seed),
  sign: (seed, message) => ed.sign(message, seed),
  verify(publicKey, message, signature) {
    try {
      return ed.verify(signature, message, publicKey);
    } catch {
      return false;
    }
  },
};

const suites = { gm, intl };

// suite returns the named suite ('gm' or 'intl', as GET /api/v1/status
// reports in crypto_suite).
export function suite(name) {
  const s = suites[name];
  if (!s) throw new Error(`unknown crypto suite ${JSON.stringify(name)}: want "gm" or "intl"`);
  return s;
}

// address is lower_hex(H(public_key)[0:20]).
export function address(suiteName, publicKey) {
  return toHex(suite(suiteName).hash(publicKey).slice(0, 20));
}

// sha256Hex is CometBFT's name for a tx.
export const sha256Hex = (bytes) => toHex(sha256(bytes));
