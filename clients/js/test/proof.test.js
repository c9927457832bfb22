// Proof bundles from internal/proof/testdata: the authentic one checks,
// the tampered one and hand-made changes do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkBundle } from '../src/index.js';

const read = (name) => readFileSync(new URL(`../../../internal/proof/testdata/${name}`, import.meta.url), 'utf8');

test('authentic bundle checks against its header', () => {
  const r = checkBundle(read('bundle.json'));
  assert.equal(r.height, r.stateVersion + 1);
  assert.match(r.appHash, /^[0-9a-f]{64}$/);
});

test('the tampered fixture is refused', () => {
  assert.throws(() => checkBundle(read('bundle-tampered.json')));
});

const cases = [
  ['value changed', (b) => { b.value = (b.value[0] === 'A' ? 'B' : 'A') + b.value.slice(1); }],
  ['app hash changed', (b) => { const h = b.signed_header.header.app_hash; b.signed_header.header.app_hash = (h[0] === '0' ? '1' : '0') + h.slice(1); }],
  ['key changed', (b) => { b.key_hex = b.key_hex.slice(0, -2) + (b.key_hex.endsWith('00') ? '01' : '00'); }],
  ['height off by one', (b) => { b.state_version += 1; }],
  ['chain id changed', (b) => { b.chain_id = 'other'; }],
  ['proof truncated', (b) => { b.proof = b.proof.slice(0, 40); }],
  ['format', (b) => { b.format = 'govchain-proof/2'; }],
];
for (const [name, change] of cases) {
  test(`refused: ${name}`, () => {
    const b = JSON.parse(read('bundle.json'));
    change(b);
    assert.throws(() => checkBundle(b));
  });
}
