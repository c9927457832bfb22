// Checking a govchain-proof/1 bundle (docs/proofs.md) in JavaScript.
//
// checkBundle(bundle) checks that the record (key, value) is in the IAVL
// tree whose root is the header's app_hash (the ics23 existence proof,
// with IAVL's proof spec), the bundle's chain id and format, and that the
// header is of block state_version + 1. Alone, it trusts the signed header.
//
// checkBundle(bundle, {genesis}) also checks the header the way
// govchain's Go verifier does (internal/proof): starting from the genesis
// validators, it walks the bundle's validator_transitions (each a header
// made and signed by more than 2/3 of the set trusted so far, naming the
// next set by its hash), then checks that the bundle's validator set is
// the last set trusted, it hashes to the header's validators_hash, the
// commit is for this header, and validators with more than 2/3 of the
// voting power signed it (Ed25519 over CometBFT's canonical vote). Then
// what it trusts is the genesis file: compare its SHA-256 with the one the
// city publishes.
import { sha256 } from '@noble/hashes/sha2.js';
import { concat, equal, fromBase64, fromHex, toHex } from './bytes.js';
import { one, readFields, uvarint } from './protobuf.js';
import { checkSignedBy, genesisSet, listHash, signedBy, validatorList } from './commit.js';

export const FORMAT = 'govchain-proof/1';
// MAX_TRANSITIONS is internal/proof.MaxTransitions.
export const MAX_TRANSITIONS = 10000;

const SHA256 = 1n;
const NO_HASH = 0n;
const VAR_PROTO = 1n;
// IAVL's ics23 spec (cosmos/ics23 IavlSpec).
const IAVL = { leafPrefix: 0x00, childSize: 33, minPrefix: 4, maxPrefix: 12 };

function parseLeaf(bytes) {
  const f = readFields(bytes);
  const num = (n) => one(f, n)?.value ?? 0n;
  return { hash: num(1), prehashKey: num(2), prehashValue: num(3), length: num(4), prefix: one(f, 5)?.bytes ?? new Uint8Array() };
}

function parseInner(bytes) {
  const f = readFields(bytes);
  return { hash: one(f, 1)?.value ?? 0n, prefix: one(f, 2)?.bytes ?? new Uint8Array(), suffix: one(f, 3)?.bytes ?? new Uint8Array() };
}

// parseExistenceProof reads an ics23 CommitmentProof holding one
// ExistenceProof (the only kind govchain bundles carry).
export function parseExistenceProof(bytes) {
  const outer = readFields(bytes);
  const exist = one(outer, 1);
  if (!exist || !exist.bytes || outer.length !== 1) throw new Error('proof: not an ics23 existence proof');
  const f = readFields(exist.bytes);
  const leaf = one(f, 3);
  if (!leaf) throw new Error('proof: existence proof without a leaf op');
  return {
    key: one(f, 1)?.bytes ?? new Uint8Array(),
    value: one(f, 2)?.bytes ?? new Uint8Array(),
    leaf: parseLeaf(leaf.bytes),
    path: f.filter((x) => x.field === 4).map((x) => parseInner(x.bytes)),
  };
}

// existenceRoot checks the proof's ops against IAVL's spec and computes
// the root it implies.
export function existenceRoot(p) {
  const { leaf } = p;
  if (leaf.hash !== SHA256 || leaf.prehashKey !== NO_HASH || leaf.prehashValue !== SHA256 || leaf.length !== VAR_PROTO) {
    throw new Error('proof: leaf op is not IAVL\'s (sha256, value pre-hashed, var-proto lengths)');
  }
  if (leaf.prefix.length < 1 || leaf.prefix[0] !== IAVL.leafPrefix) throw new Error('proof: leaf prefix must start with 0x00');
  const vh = sha256(p.value);
  let h = sha256(concat(leaf.prefix, uvarint(p.key.length), p.key, uvarint(vh.length), vh));
  for (const [i, op] of p.path.entries()) {
    if (op.hash !== SHA256) throw new Error(`proof: inner op ${i} does not hash with sha256`);
    if (op.prefix.length > 0 && op.prefix[0] === IAVL.leafPrefix) throw new Error(`proof: inner op ${i} has a leaf prefix`);
    if (op.prefix.length < IAVL.minPrefix || op.prefix.length > IAVL.maxPrefix + IAVL.childSize) {
      throw new Error(`proof: inner op ${i} prefix length ${op.prefix.length} is outside IAVL's bounds`);
    }
    if (op.suffix.length % IAVL.childSize !== 0 || op.suffix.length > IAVL.childSize) throw new Error(`proof: inner op ${i} suffix length ${op.suffix.length}`);
    h = sha256(concat(op.prefix, h, op.suffix));
  }
  return h;
}

// walkTransitions hands trust from the genesis set (a validatorList) along
// a bundle's validator_transitions (absent when the set never changed) to
// the set that signs the blocks after the last one, as internal/proof's
// walkTransitions does: each transition is a block before the proven one
// (below) and after the previous transition, made and signed by more than
// 2/3 of the set trusted so far, whose next_validators_hash is the hash of
// the validator_set it carries, a set other than its own. It answers
// {set, changes}.
export function walkTransitions(chainID, set, transitions, below) {
  if (transitions === undefined) return { set, changes: 0 };
  if (!Array.isArray(transitions) || transitions.length === 0 || transitions.length > MAX_TRANSITIONS) {
    throw new Error(`bundle: validator_transitions must be a list of 1 to ${MAX_TRANSITIONS} entries`);
  }
  let prev = 0;
  for (const [i, t] of transitions.entries()) {
    const header = t?.signed_header?.header;
    if (!header) throw new Error(`validator transition ${i}: signed_header.header is missing`);
    const height = Number(header.height);
    if (!Number.isSafeInteger(height) || height <= prev) throw new Error(`validator transition ${i}: block ${header.height} is not after the previous transition's block ${prev}`);
    if (height >= below) throw new Error(`validator transition ${i}: block ${height} is not before the proven block ${below}`);
    try {
      signedBy(chainID, t.signed_header, set);
    } catch (e) {
      throw new Error(`validator transition ${i}: ${e.message}`);
    }
    const next = validatorList(t.validator_set?.validators, `validator transition ${i}: validator_set`);
    const nextHash = fromHex(header.next_validators_hash);
    if (!equal(listHash(next), nextHash)) throw new Error(`validator transition ${i}: the validator set does not hash to block ${height}'s next_validators_hash`);
    if (equal(nextHash, fromHex(header.validators_hash))) throw new Error(`validator transition ${i}: block ${height} does not change the validator set`);
    set = next;
    prev = height;
  }
  return { set, changes: transitions.length };
}

// checkBundle verifies a bundle (the parsed JSON or its text) as described
// at the top of this file; genesis is the chain's genesis.json (parsed or
// text). It answers {key, value, stateVersion, height, appHash, chainId,
// time, trusted, signatures} or throws an Error saying what failed;
// trusted is "genesis" when the signatures were checked, else "header".
export function checkBundle(bundle, { genesis } = {}) {
  const b = typeof bundle === 'string' ? JSON.parse(bundle) : bundle;
  let signatures = null;
  if (genesis) {
    const g = typeof genesis === 'string' ? JSON.parse(genesis) : genesis;
    if (b.chain_id !== g.chain_id) throw new Error(`bundle: chain ${b.chain_id}, genesis is for ${g.chain_id}`);
    if (b.state_version < Number(g.initial_height ?? 1)) throw new Error('bundle: state version before the chain\'s initial height');
    if (!Array.isArray(g.validators) || g.validators.length === 0) throw new Error('genesis: no validators');
    const { set, changes } = walkTransitions(g.chain_id, genesisSet(g.validators), b.validator_transitions, b.state_version + 1);
    signatures = { ...checkSignedBy(g.chain_id, b.signed_header, b.validator_set?.validators ?? [], set), validatorChanges: changes };
  }
  if (b.format !== FORMAT) throw new Error(`bundle: format ${JSON.stringify(b.format)}, want ${FORMAT}`);
  const key = fromHex(b.key_hex);
  const value = fromBase64(b.value);
  const header = b.signed_header?.header;
  if (!header) throw new Error('bundle: signed_header.header is missing');
  if (header.chain_id !== b.chain_id) throw new Error(`bundle: header chain id ${header.chain_id} is not the bundle's ${b.chain_id}`);
  if (Number(header.height) !== b.state_version + 1) {
    throw new Error(`bundle: header height ${header.height} must be state_version + 1 = ${b.state_version + 1}`);
  }
  const p = parseExistenceProof(fromBase64(b.proof));
  if (!equal(p.key, key)) throw new Error('bundle: the proof is for another key');
  if (!equal(p.value, value)) throw new Error('bundle: the value does not match the proof');
  const root = existenceRoot(p);
  const appHash = fromHex(header.app_hash);
  if (!equal(root, appHash)) throw new Error(`bundle: the proof's root ${toHex(root)} is not the header's app hash ${toHex(appHash)}`);
  return { key, value, stateVersion: b.state_version, height: Number(header.height), appHash: toHex(appHash), chainId: b.chain_id, time: header.time,
    trusted: signatures ? 'genesis' : 'header', signatures };
}
