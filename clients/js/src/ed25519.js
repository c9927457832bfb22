// @noble/ed25519 with SHA-512 supplied, for its synchronous API (its async
// API would use WebCrypto): one code path in Node and browsers.
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';

ed.hashes.sha512 = sha512;

export const { getPublicKey, sign, verify } = ed;
