// Decoders on hostile input: random bytes and mutations of real inputs
// into the proof parser, the bundle check and the envelope decoder; each
// either answers or throws an Error, never hangs or throws anything else.
// (A seeded generator, so a failure reproduces.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkBundle, decodeTx, fromBase64, fromHex, parseExistenceProof } from '../src/index.js';

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32);
}

function mutate(bytes, r) {
  const b = Uint8Array.from(bytes);
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
  return r() < 0.2 ? b.subarray(0, Math.floor(r() * b.length)) : b;
}

const onlyErrors = (f) => {
  try { f(); } catch (e) { assert.ok(e instanceof Error, `threw a non-Error: ${e}`); }
};

const bundleText = readFileSync(new URL('../../../internal/proof/testdata/bundle.json', import.meta.url), 'utf8');
const proofBytes = fromBase64(JSON.parse(bundleText).proof);
const vector = JSON.parse(readFileSync(new URL('../../../internal/tx/testdata/vectors/gm.json', import.meta.url)));
const envelope = fromHex(vector.signed_envelope_hex);

test('proof parser on random and mutated bytes', () => {
  const r = rng(1);
  for (let i = 0; i < 2000; i++) {
    const random = Uint8Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256));
    onlyErrors(() => parseExistenceProof(random));
    onlyErrors(() => parseExistenceProof(mutate(proofBytes, r)));
  }
});

test('bundle check on mutated bundles: never accepts a changed proof', () => {
  const r = rng(2);
  const b = JSON.parse(bundleText);
  for (let i = 0; i < 300; i++) {
    const m = mutate(proofBytes, r);
    if (m.length === proofBytes.length && m.every((x, j) => x === proofBytes[j])) continue;
    let accepted = false;
    onlyErrors(() => { checkBundle({ ...b, proof: btoa(String.fromCharCode(...m)) }); accepted = true; });
    assert.ok(!accepted, `a changed proof was accepted (case ${i})`);
  }
});

test('envelope decoder on mutated envelopes', () => {
  const r = rng(3);
  for (let i = 0; i < 1000; i++) onlyErrors(() => decodeTx(mutate(envelope, r)));
});

const signed = (b) => JSON.stringify(b, (k, v) => (k === 'proposer' || k === 'proposer_priority' ? undefined : v)).toUpperCase();

test('bundle check on mutated validator transitions: never accepts a change', () => {
  const r = rng(4);
  const text = readFileSync(new URL('../../../internal/proof/testdata/bundle-transitions.json', import.meta.url), 'utf8');
  const genesis = readFileSync(new URL('../../../internal/proof/testdata/genesis.json', import.meta.url), 'utf8');
  const start = text.indexOf('"validator_transitions"');
  const alphabet = '0123456789ABCDEFabcdef+/=-":,{}[]';
  for (let i = 0; i < 400; i++) {
    // One character of the transitions replaced by another.
    const at = start + Math.floor(r() * (text.length - start));
    const c = alphabet[Math.floor(r() * alphabet.length)];
    // Only inside string values (what is hashed and signed), and not the
    // last base64 digit before '=', whose low bits a decoder drops.
    const line = text.slice(text.lastIndexOf('\n', at) + 1, at);
    if (text[at] === c || !/": "[^"]*$/.test(line) || text[at + 1] === '=') continue;
    const mutated = text.slice(0, at) + c + text.slice(at + 1);
    let b;
    try { b = JSON.parse(mutated); } catch { continue; }
    if (JSON.stringify(b) === JSON.stringify(JSON.parse(text))) continue;
    let accepted = false;
    onlyErrors(() => { checkBundle(b, { genesis }); accepted = true; });
    // Changes the checks need not see: the case of a hex digit (CometBFT
    // reads hex either way), and the proposer fields of a set, which are
    // not part of its hash (the Go verifier ignores them too).
    if (accepted && signed(b) !== signed(JSON.parse(text))) assert.fail(`a changed transition was accepted (case ${i}, offset ${at})`);
  }
});
