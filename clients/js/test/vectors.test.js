// The wire-format vectors (internal/tx/testdata/vectors): this package must
// reproduce every value, verify the vector signature, and (intl, being
// deterministic) produce the vector's signed envelope byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { address, buildTx, decodeTx, fromHex, signBytes, suite, toHex, txHashes, unsignedBytes, verifyTx } from '../src/index.js';

const load = (name) => JSON.parse(readFileSync(new URL(`../../../internal/tx/testdata/vectors/${name}.json`, import.meta.url)));

for (const name of ['gm', 'intl']) {
  const v = load(name);
  const tx = { chainId: v.chain_id, signer: v.signer, sequence: v.sequence, module: v.module, action: v.action, payload: fromHex(v.payload_hex) };

  test(`${name}: public key and address from the private key`, () => {
    const pub = suite(name).publicKey(fromHex(v.private_key));
    assert.equal(toHex(pub), v.public_key);
    assert.equal(address(name, pub), v.address);
  });

  test(`${name}: unsigned envelope and sign bytes`, () => {
    assert.equal(toHex(unsignedBytes(tx)), v.unsigned_envelope_hex);
    assert.equal(toHex(signBytes(tx)), v.sign_bytes_hex);
  });

  test(`${name}: the vector's signature verifies; a changed byte does not`, () => {
    const pub = fromHex(v.public_key);
    assert.ok(suite(name).verify(pub, fromHex(v.sign_bytes_hex), fromHex(v.signature_hex)));
    const bad = fromHex(v.sign_bytes_hex);
    bad[bad.length - 2] ^= 1;
    assert.ok(!suite(name).verify(pub, bad, fromHex(v.signature_hex)));
    assert.ok(verifyTx(name, fromHex(v.signed_envelope_hex), pub));
  });

  test(`${name}: both hashes of the signed envelope`, () => {
    const h = txHashes(name, fromHex(v.signed_envelope_hex));
    assert.equal(h.hash, v.tx_hash);
    assert.equal(h.cometbftHash, v.cometbft_hash);
  });

  test(`${name}: signing from the vector's inputs`, () => {
    const t = buildTx({ suite: name, privateKey: v.private_key, chainId: v.chain_id, sequence: v.sequence, module: v.module, action: v.action, payload: v.payload_json });
    assert.equal(t.tx.signer, v.address);
    assert.ok(verifyTx(name, t.raw, fromHex(v.public_key)));
    if (name === 'intl') {
      assert.equal(toHex(t.raw), v.signed_envelope_hex);
      assert.equal(t.hash, v.tx_hash);
    } else {
      // SM2 is randomized: a new signature, DER-encoded, same envelope otherwise.
      assert.equal(t.tx.signature[0], 0x30, 'gm signature is ASN.1 DER');
      assert.equal(toHex(unsignedBytes(t.tx)), v.unsigned_envelope_hex);
    }
  });

  test(`${name}: a non-canonical envelope is refused on decode`, () => {
    const raw = fromHex(v.signed_envelope_hex);
    assert.deepEqual(decodeTx(raw).module, v.module);
    // sequence 0 written as 18 00 (not shortest form)
    const hex = v.signed_envelope_hex.replace('0400', '041800');
    assert.throws(() => decodeTx(fromHex(hex)));
  });
}
