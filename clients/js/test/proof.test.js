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
  // CometBFT matches a commit's signatures to validators by position.
  ['signatures out of the set\'s order', (b) => { const s = b.signed_header.commit.signatures; [s[0], s[1]] = [s[1], s[0]]; }],
  ['one validator listed twice', (b) => { const v = b.validator_set.validators; v[1] = v[0]; }],
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

// bundle-transitions.json: the fixture chain after a validator was added
// (block 3 names the five-validator set) and one removed (block 6 names
// the four-validator set); block 9 proves state 8.
const chained = () => JSON.parse(read('bundle-transitions.json'));

test('across two validator changes: the transitions hand trust on from the genesis', () => {
  const r = checkBundle(read('bundle-transitions.json'), { genesis: read('genesis.json') });
  assert.equal(r.trusted, 'genesis');
  assert.equal(r.signatures.validatorChanges, 2);
  assert.equal(r.height, 9);
  assert.equal(checkBundle(read('bundle.json'), { genesis: genesis() }).signatures.validatorChanges, 0);
});

const flip = (s) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
const transitionCases = [
  ['transition signed by too little power', /not more than 2\/3/, (b) => {
    // The five-validator set: two of five absent leaves 30 of 50.
    for (const s of b.validator_transitions[1].signed_header.commit.signatures.slice(3)) s.block_id_flag = 1;
  }],
  ['a transition signature', /does not verify/, (b) => { const s = b.validator_transitions[0].signed_header.commit.signatures[1]; s.signature = flip(s.signature); }],
  ['wrong next set', /next_validators_hash/, (b) => { b.validator_transitions[0].validator_set = b.validator_transitions[1].validator_set; }],
  ['next set power', /next_validators_hash/, (b) => { b.validator_transitions[1].validator_set.validators[0].voting_power = '11'; }],
  ['next set address not its key\'s', /address/, (b) => {
    const v = b.validator_transitions[1].validator_set.validators;
    [v[0].address, v[1].address] = [v[1].address, v[0].address];
  }],
  ['next hash changed after signing', /another block/, (b) => {
    const [t0, t1] = b.validator_transitions;
    t0.signed_header.header.next_validators_hash = t1.signed_header.header.next_validators_hash;
    t0.validator_set = t1.validator_set;
  }],
  ['out of order', /not after|validators_hash/, (b) => { b.validator_transitions.reverse(); }],
  ['repeated', /not after/, (b) => { b.validator_transitions.splice(1, 0, b.validator_transitions[0]); }],
  ['missing the last', /validators_hash|trusted set/, (b) => { b.validator_transitions.pop(); }],
  ['missing the first', /validators_hash/, (b) => { b.validator_transitions.shift(); }],
  ['none on a changed chain', /trusted set|validators_hash/, (b) => { delete b.validator_transitions; }],
  ['empty list', /1 to 10000/, (b) => { b.validator_transitions = []; }],
  ['extra transition at the proven block', /not before the proven block/, (b) => {
    b.validator_transitions.push({ signed_header: b.signed_header, validator_set: b.validator_transitions[0].validator_set });
  }],
  ['extra transition that changes nothing', /does not change/, (b) => {
    // The proven block itself, moved before the bundle's block: made and
    // signed by the last set, naming that same set.
    b.validator_transitions.push({ signed_header: structuredClone(b.signed_header), validator_set: b.validator_set });
    b.state_version += 1;
  }],
  ['a bogus extra transition', /validators_hash|does not verify|another block/, (b) => {
    const t = structuredClone(b.validator_transitions[1]);
    t.signed_header.header.height = '7';
    t.signed_header.commit.height = '7';
    b.validator_transitions.push(t);
  }],
];
for (const [name, want, change] of transitionCases) {
  test(`across validator changes, refused: ${name}`, () => {
    const b = chained();
    change(b);
    assert.throws(() => checkBundle(b, { genesis: genesis() }), want);
  });
}
