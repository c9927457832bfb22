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

const genesis = () => JSON.parse(read('genesis.json'));

test('with the genesis: signatures and validator set check too', () => {
  const r = checkBundle(read('bundle.json'), { genesis: read('genesis.json') });
  assert.equal(r.trusted, 'genesis');
  assert.ok(r.signatures.signedPower * 3 > r.signatures.totalPower * 2);
  assert.equal(checkBundle(read('bundle.json')).trusted, 'header');
});

const headerCases = [
  // Consistent with itself (the ics23 root matches) but not what was signed.
  ['app hash and proof of another state', (b) => { const h = b.signed_header.header; h.app_hash = '00'.repeat(32); }],
  ['header time', (b) => { b.signed_header.header.time = '2025-01-02T03:04:11Z'; }],
  ['a signature', (b) => { const s = b.signed_header.commit.signatures[0]; s.signature = (s.signature[0] === 'A' ? 'B' : 'A') + s.signature.slice(1); }],
  ['signatures dropped below 2/3', (b) => { for (const s of b.signed_header.commit.signatures.slice(1)) s.block_id_flag = 1; }],
  ['validator power', (b) => { b.validator_set.validators[0].voting_power = '1000'; }],
];
for (const [name, change] of headerCases) {
  test(`with the genesis, refused: ${name}`, () => {
    const b = JSON.parse(read('bundle.json'));
    change(b);
    assert.throws(() => checkBundle(b, { genesis: genesis() }));
  });
}

test('refused: a genesis with other validators', () => {
  const g = genesis();
  g.validators = g.validators.slice(1);
  assert.throws(() => checkBundle(read('bundle.json'), { genesis: g }), /genesis/);
});
