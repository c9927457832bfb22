// @govchain/client: build, sign, submit and query govchain transactions,
// and check proof bundles. docs/wire-format.md is the specification.
export { toHex, fromHex, toBase64, fromBase64 } from './bytes.js';
export { suite, address, SM2_USER_ID } from './suites.js';
export { buildTx, signBytes, unsignedBytes, encodeSigned, decodeTx, verifyTx, txHashes, payloadBytes, SIGN_PREFIX, VERSION } from './envelope.js';
export { checkBundle, walkTransitions, parseExistenceProof, existenceRoot, FORMAT, MAX_TRANSITIONS } from './proof.js';
export { checkCommit, headerHash, validatorSetHash, merkleRoot, genesisSet, validatorList } from './commit.js';
export { Client, Signer, ApiError } from './client.js';
