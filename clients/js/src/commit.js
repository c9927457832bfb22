// The CometBFT part of a proof bundle: the header's hash, the validator
// set's hash and the precommit signatures, re-computed from CometBFT's
// protobuf encodings (cometbft types.Header.Hash, ValidatorSet.Hash,
// VoteSignBytes). Ed25519 validator keys only (govchain's validators use
// them on both suites).
import * as ed from './ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concat, equal, fromBase64, fromHex, toHex, utf8 } from './bytes.js';
import { uvarint } from './protobuf.js';

// protobuf field writers (proto3: zero values are omitted).
const tag = (n, wire) => uvarint((n << 3) | wire);
const pbVarint = (n, v) => (BigInt(v) === 0n ? new Uint8Array() : concat(tag(n, 0), uvarint(BigInt.asUintN(64, BigInt(v)))));
const pbBytes = (n, b) => (b.length === 0 ? new Uint8Array() : concat(tag(n, 2), uvarint(b.length), b));
const pbMsg = (n, b) => concat(tag(n, 2), uvarint(b.length), b); // embedded message, written even when empty
function pbSfixed64(n, v) {
  if (BigInt(v) === 0n) return new Uint8Array();
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt(v), true);
  return concat(tag(n, 1), out);
}

// timestamp reads CometBFT's RFC 3339 time (UTC, up to nanoseconds) into
// a protobuf Timestamp.
function timestamp(s) {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(s);
  if (!m) throw new Error(`time ${JSON.stringify(s)} is not RFC 3339 UTC`);
  const seconds = BigInt(Date.parse(m[1] + 'Z') / 1000);
  const nanos = m[2] ? Number(m[2].padEnd(9, '0')) : 0;
  return concat(pbVarint(1, seconds), pbVarint(2, nanos));
}

const leafHash = (b) => sha256(concat(Uint8Array.of(0), b));
const innerHash = (l, r) => sha256(concat(Uint8Array.of(1), l, r));

// merkleRoot is CometBFT's merkle.HashFromByteSlices (RFC 6962 shape).
export function merkleRoot(items) {
  if (items.length === 0) return sha256(new Uint8Array());
  if (items.length === 1) return leafHash(items[0]);
  let k = 1;
  while (k * 2 < items.length) k *= 2;
  return innerHash(merkleRoot(items.slice(0, k)), merkleRoot(items.slice(k)));
}

const blockID = (id) => concat(pbBytes(1, fromHex(id.hash)), pbMsg(2, concat(pbVarint(1, id.parts.total), pbBytes(2, fromHex(id.parts.hash)))));

// headerHash is types.Header.Hash.
export function headerHash(h) {
  const bytesValue = (hex) => pbBytes(1, fromHex(hex));
  return merkleRoot([
    concat(pbVarint(1, h.version.block), pbVarint(2, h.version.app ?? 0)),
    pbBytes(1, utf8(h.chain_id)),
    pbVarint(1, h.height),
    timestamp(h.time),
    blockID(h.last_block_id),
    bytesValue(h.last_commit_hash),
    bytesValue(h.data_hash),
    bytesValue(h.validators_hash),
    bytesValue(h.next_validators_hash),
    bytesValue(h.consensus_hash),
    bytesValue(h.app_hash),
    bytesValue(h.last_results_hash),
    bytesValue(h.evidence_hash),
    bytesValue(h.proposer_address),
  ]);
}

function edKey(v) {
  if (v.pub_key?.type !== 'tendermint/PubKeyEd25519') throw new Error(`validator ${v.address}: key type ${v.pub_key?.type} is not Ed25519`);
  const k = fromBase64(v.pub_key.value);
  if (k.length !== 32) throw new Error(`validator ${v.address}: Ed25519 key of ${k.length} bytes`);
  return k;
}

// validatorList reads validators as a bundle ({address, pub_key,
// voting_power}) or a genesis file ({address, pub_key, power}) lists
// them, keeping their order, as {address (hex, upper case), key, power}.
// An address given must be the key's (the first 20 bytes of its SHA-256):
// signatures are matched to validators by address.
export function validatorList(vals, what = 'validator set') {
  if (!Array.isArray(vals) || vals.length === 0) throw new Error(`${what}: no validators`);
  return vals.map((v, i) => {
    const key = edKey(v ?? {});
    const address = toHex(sha256(key).subarray(0, 20)).toUpperCase();
    if (v.address !== undefined && String(v.address).toUpperCase() !== address) {
      throw new Error(`${what}: validator ${i}'s address ${v.address} is not its key's (${address})`);
    }
    const power = BigInt(v.voting_power ?? v.power);
    if (power <= 0n) throw new Error(`${what}: validator ${address} has power ${power}`);
    return { address, key, power };
  });
}

// genesisSet is the genesis validators in the order CometBFT gives the
// set it builds from them (voting power descending, then address).
export function genesisSet(vals) {
  const list = validatorList(vals, 'genesis');
  list.sort((a, b) => (a.power !== b.power ? (a.power > b.power ? -1 : 1) : a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  for (let i = 1; i < list.length; i++) {
    if (list[i].address === list[i - 1].address) throw new Error(`genesis: validator ${list[i].address} twice`);
  }
  return list;
}

// listHash is types.ValidatorSet.Hash of a validatorList, in its order.
export function listHash(list) {
  return merkleRoot(list.map((v) => concat(pbMsg(1, pbBytes(1, v.key)), pbVarint(2, v.power))));
}

// validatorSetHash is types.ValidatorSet.Hash over the validators in the
// set's order (the bundle's order, which CometBFT sorts by power, then address).
export function validatorSetHash(vals) {
  return listHash(validatorList(vals));
}
// voteSignBytes is types.VoteSignBytes of a precommit for the commit's block.
function voteSignBytes(chainID, commit, sig) {
  const canonicalBlockID = concat(pbBytes(1, fromHex(commit.block_id.hash)),
    pbMsg(2, concat(pbVarint(1, commit.block_id.parts.total), pbBytes(2, fromHex(commit.block_id.parts.hash)))));
  const vote = concat(pbVarint(1, 2), pbSfixed64(2, commit.height), pbSfixed64(3, commit.round), pbMsg(4, canonicalBlockID),
    pbMsg(5, timestamp(sig.timestamp)), pbBytes(6, utf8(chainID)));
  return concat(uvarint(vote.length), vote);
}

const BLOCK_ID_FLAG_COMMIT = 2;

// checkCommit verifies that the signed header was committed by more than
// 2/3 of the voting power of trusted (validators as in a genesis file:
// {address, pub_key, power}), and that the bundle's set is that set.
// It answers {signedPower, totalPower, signed, total, blockHash}.
export function checkCommit(chainID, signedHeader, bundleVals, trusted) {
  return checkSignedBy(chainID, signedHeader, bundleVals, genesisSet(trusted));
}

// checkSignedBy is checkCommit with the trusted set already a validatorList
// in the set's order (genesisSet, or a set a validator transition named).
// The bundle's set must be that list exactly: same validators, powers and
// order.
export function checkSignedBy(chainID, signedHeader, bundleVals, set) {
  const given = validatorList(bundleVals, 'the bundle\'s validator set');
  if (given.length !== set.length || !given.every((v, i) => v.address === set[i].address && equal(v.key, set[i].key) && v.power === set[i].power)) {
    throw new Error('the bundle\'s validator set is not the trusted set (genesis, or the last validator transition\'s)');
  }
  return signedBy(chainID, signedHeader, set);
}

// signedBy checks that set made the header (its hash is validators_hash)
// and that validators of set with more than 2/3 of its power signed it:
// the commit is for this header, its signatures are in the set's order
// (CometBFT's commits are), and every signature present verifies.
export function signedBy(chainID, signedHeader, set) {
  const { header, commit } = signedHeader ?? {};
  if (!header || !commit) throw new Error('signed header needs both header and commit');
  if (header.chain_id !== chainID) throw new Error(`header chain id ${header.chain_id}, want ${chainID}`);
  if (!equal(listHash(set), fromHex(header.validators_hash))) {
    throw new Error(`block ${header.height}: validators_hash is not the trusted set's (is a validator transition missing?)`);
  }
  const hash = headerHash(header);
  if (!equal(hash, fromHex(commit.block_id.hash))) throw new Error('the commit is for another block than this header');
  if (String(commit.height) !== String(header.height)) throw new Error('commit height differs from the header height');
  if (!Array.isArray(commit.signatures) || commit.signatures.length !== set.length) {
    throw new Error(`block ${header.height}: the commit has ${commit.signatures?.length} signatures for ${set.length} validators`);
  }
  let total = 0n;
  for (const v of set) total += v.power;
  let signedPower = 0n;
  let signed = 0;
  for (const [i, s] of commit.signatures.entries()) {
    if (s.block_id_flag !== BLOCK_ID_FLAG_COMMIT) continue;
    const v = set[i];
    if (String(s.validator_address).toUpperCase() !== v.address) {
      throw new Error(`block ${header.height}: signature ${i} is by ${s.validator_address}, validator ${i} is ${v.address}`);
    }
    if (!ed.verify(fromBase64(s.signature), voteSignBytes(chainID, commit, s), v.key)) {
      throw new Error(`block ${header.height}: the signature of validator ${v.address} does not verify`);
    }
    signedPower += v.power;
    signed++;
  }
  if (signedPower * 3n <= total * 2n) {
    throw new Error(`block ${header.height}: validators with ${signedPower} of ${total} voting power signed: not more than 2/3`);
  }
  return { signedPower: Number(signedPower), totalPower: Number(total), signed, total: set.length, blockHash: toHex(hash) };
}
