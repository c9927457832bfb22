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

// validatorSetHash is types.ValidatorSet.Hash over the validators in the
// set's order (the bundle's order, which CometBFT sorts by power, then address).
export function validatorSetHash(vals) {
  return merkleRoot(vals.map((v) => concat(pbMsg(1, pbBytes(1, edKey(v))), pbVarint(2, v.voting_power ?? v.power))));
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
  const { header, commit } = signedHeader;
  if (header.chain_id !== chainID) throw new Error(`header chain id ${header.chain_id}, want ${chainID}`);
  const key = (v) => `${v.pub_key.value}/${BigInt(v.voting_power ?? v.power)}`;
  const want = new Set(trusted.map(key));
  if (bundleVals.length !== trusted.length || !bundleVals.every((v) => want.has(key(v)))) {
    throw new Error('the bundle\'s validator set is not the trusted (genesis) set');
  }
  if (!equal(validatorSetHash(bundleVals), fromHex(header.validators_hash))) throw new Error('validators_hash does not match the validator set');
  const hash = headerHash(header);
  if (!equal(hash, fromHex(commit.block_id.hash))) throw new Error('the commit is for another block than this header');
  if (String(commit.height) !== String(header.height)) throw new Error('commit height differs from the header height');
  const byAddr = new Map(bundleVals.map((v) => [v.address.toUpperCase(), v]));
  let total = 0n;
  for (const v of bundleVals) total += BigInt(v.voting_power);
  let signedPower = 0n;
  let signed = 0;
  const seen = new Set();
  for (const s of commit.signatures) {
    if (s.block_id_flag !== BLOCK_ID_FLAG_COMMIT) continue;
    const v = byAddr.get(String(s.validator_address).toUpperCase());
    if (!v) throw new Error(`commit signature by unknown validator ${s.validator_address}`);
    if (seen.has(v.address)) throw new Error(`validator ${v.address} signed twice`);
    seen.add(v.address);
    if (!ed.verify(fromBase64(s.signature), voteSignBytes(chainID, commit, s), edKey(v))) {
      throw new Error(`the signature of validator ${v.address} does not verify`);
    }
    signedPower += BigInt(v.voting_power);
    signed++;
  }
  if (signedPower * 3n <= total * 2n) throw new Error(`validators with ${signedPower} of ${total} voting power signed: not more than 2/3`);
  return { signedPower: Number(signedPower), totalPower: Number(total), signed, total: bundleVals.length, blockHash: toHex(hash) };
}
