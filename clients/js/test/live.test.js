// Against a live node: run by clients/js/live_test.go (go test ./clients/js),
// which starts a dev chain on 127.0.0.1 and sets GOVCHAIN_URL and
// GOVCHAIN_KEY_HEX (the gov-admin key) and GOVCHAIN_GENESIS (its genesis file). Skipped when they are not set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApiError, checkBundle, Client, Signer, toHex } from '../src/index.js';

const url = process.env.GOVCHAIN_URL;
const key = process.env.GOVCHAIN_KEY_HEX;
const skip = !url || !key ? 'GOVCHAIN_URL and GOVCHAIN_KEY_HEX not set (go test ./clients/js sets them)' : false;

test('sign, submit, find by both hashes, prove the record', { skip, timeout: 120_000 }, async () => {
  const c = new Client(url);
  const signer = await Signer.connect(c, key);
  const docHash = toHex(crypto.getRandomValues(new Uint8Array(32)));
  const res = await signer.send('notary', 'anchor', { doc_hash: docHash, title: 'JavaScript client test 客户端', category: 'test' });
  assert.equal(res.code, 0);
  assert.ok(res.committed);
  assert.ok(res.height > 0);

  // The tx by either hash (CometBFT indexes it just after the block).
  for (const h of [res.hash, res.cometbftHash]) {
    let got;
    for (let i = 0; i < 50; i++) {
      try { got = await c.tx(h); break; } catch (e) { if (e.status !== 404) throw e; await new Promise((r) => setTimeout(r, 200)); }
    }
    assert.ok(got, `tx ${h} not found`);
    assert.equal(got.hash, res.hash);
    assert.equal(got.action, 'anchor');
  }

  // The anchored record, proven against the header's app hash.
  const key2 = `notary/doc/${docHash}`;
  let bundle;
  for (let i = 0; i < 50 && !bundle; i++) {
    try { bundle = await c.proof(key2); } catch (e) { if (e.status !== 404) throw e; await new Promise((r) => setTimeout(r, 200)); }
  }
  assert.ok(bundle, 'no proof');
  const checked = checkBundle(bundle);
  assert.ok(new TextDecoder().decode(checked.value).includes('JavaScript client test'));
  // And against the genesis: the validators' signatures on the header.
  const genesis = readFileSync(process.env.GOVCHAIN_GENESIS, 'utf8');
  const full = checkBundle(bundle, { genesis });
  assert.equal(full.trusted, 'genesis');
  assert.equal(full.signatures.signed, 1);
});

test('refusals come back as ApiError with the node\'s code', { skip, timeout: 60_000 }, async () => {
  const c = new Client(url);
  const signer = await Signer.connect(c, key);
  signer.sequence += 5; // wrong sequence
  await assert.rejects(signer.send('notary', 'anchor', { doc_hash: '00'.repeat(32), title: 'x', category: 'test' }), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.codespace, 'tx');
    return true;
  });
  await assert.rejects(c.tx('zz'), (e) => e instanceof ApiError && e.status === 400);
});
