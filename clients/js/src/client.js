// A small HTTP client for a govchain node's JSON API (GET /api/v1/openapi.json
// describes every route). Uses fetch, so it runs in Node ≥ 18 and browsers.
import { toBase64 } from './bytes.js';
import { buildTx } from './envelope.js';
import { address, suite } from './suites.js';
import { fromHex } from './bytes.js';

// ApiError is a refusal: {code, codespace, message} and the HTTP status.
export class ApiError extends Error {
  constructor(status, body) {
    super(`${body?.codespace ?? 'http'}/${body?.code ?? status}: ${body?.message ?? body?.log ?? 'HTTP ' + status}`);
    this.status = status;
    this.code = body?.code;
    this.codespace = body?.codespace;
    this.body = body;
  }
}

export class Client {
  constructor(baseURL, { fetch: f = globalThis.fetch } = {}) {
    this.base = baseURL.replace(/\/+$/, '');
    this.fetch = f;
  }

  async get(path) {
    const r = await this.fetch(this.base + path, { headers: { Accept: 'application/json' } });
    const body = await r.json().catch(() => null);
    if (!r.ok) throw new ApiError(r.status, body);
    return body;
  }

  status() { return this.get('/api/v1/status'); }
  account(id) { return this.get('/api/v1/accounts/' + encodeURIComponent(id)); }
  tx(hash) { return this.get('/api/v1/txs/' + encodeURIComponent(hash)); }
  state(key, height) { return this.get('/api/v1/state?key=' + encodeURIComponent(key) + (height ? '&height=' + height : '')); }
  proof(key, height) { return this.get('/api/v1/proofs?key=' + encodeURIComponent(key) + (height ? '&height=' + height : '')); }

  // submit posts a signed, encoded tx. By default the answer waits for the
  // block ({hash, height, code, committed}); {async: true} returns after
  // CheckTx. A refused tx throws ApiError carrying the node's answer.
  async submit(raw, { async = false } = {}) {
    const r = await this.fetch(this.base + '/api/v1/txs' + (async ? '?async=1' : ''), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ tx: toBase64(raw) }),
    });
    const body = await r.json().catch(() => null);
    if (!r.ok || (body && body.code)) throw new ApiError(r.status, body);
    return body;
  }
}

// Signer signs for one account: it reads the chain id, suite and the
// account's next sequence from the node, and counts sequences locally.
export class Signer {
  static async connect(client, privateKey) {
    const st = await client.status();
    const priv = typeof privateKey === 'string' ? fromHex(privateKey) : privateKey;
    const addr = address(st.crypto_suite, suite(st.crypto_suite).publicKey(priv));
    const acct = await client.account(addr);
    return new Signer(client, st.crypto_suite, st.chain_id, priv, addr, acct.sequence);
  }

  constructor(client, suiteName, chainId, privateKey, addr, sequence) {
    Object.assign(this, { client, suite: suiteName, chainId, privateKey, address: addr, sequence });
  }

  build(module, action, payload) {
    const t = buildTx({ suite: this.suite, privateKey: this.privateKey, chainId: this.chainId, sequence: this.sequence, module, action, payload });
    return t;
  }

  // send builds, signs and submits; the sequence advances only when the
  // node accepted the tx.
  async send(module, action, payload, opts) {
    const t = this.build(module, action, payload);
    const res = await this.client.submit(t.raw, opts);
    this.sequence++;
    return { ...res, hash: t.hash, cometbftHash: t.cometbftHash };
  }
}
