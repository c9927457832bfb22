// The in-browser verify page (/verify/offline): load the Go verifier
// (WebAssembly) and the genesis once, check the genesis against the hash
// the page pins, then verify uploaded bundles locally: nothing is sent to
// the node, and it keeps working with the network gone.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const status = $('o-status');
  const form = $('o-form');
  let genesis = null;

  function say(key) { status.textContent = status.dataset[key]; status.dataset.state = key; }

  async function load() {
    const ready = new Promise((resolve) => addEventListener('govchain-verifier-ready', resolve, { once: true }));
    const go = new Go();
    const [g, w] = await Promise.all([fetch('/verify/offline/genesis.json'), fetch('/verify/offline/verify.wasm')]);
    if (!g.ok || !w.ok) throw new Error('fetch failed');
    const text = await g.text();
    const { instance } = await WebAssembly.instantiate(await w.arrayBuffer(), go.importObject);
    go.run(instance);
    await ready;
    if (globalThis.govchainGenesisHash(text) !== form.dataset.genesisSha256) { say('mismatch'); return; }
    genesis = text;
    $('o-check').disabled = false;
    say('ready');
  }

  function show(a) {
    const box = $('o-result');
    const pin = $('o-pin').value.trim().toLowerCase();
    if (a.authentic && pin && pin !== a.genesis_sha256) {
      a = { authentic: false, reason: status.dataset.mismatch, genesis_sha256: a.genesis_sha256 };
    }
    box.hidden = false;
    box.className = 'result ' + (a.authentic ? 'good' : 'bad');
    $('o-verdict').textContent = a.authentic ? box.dataset.good : box.dataset.bad;
    const facts = $('o-facts');
    facts.replaceChildren();
    const row = (k, v) => {
      const d = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = k;
      dd.textContent = v;
      d.append(dt, dd);
      facts.append(d);
    };
    if (a.authentic) {
      const r = a.result;
      row(box.dataset.block, r.height + ' · ' + r.time);
      row(box.dataset.appHash, r.app_hash);
      row(box.dataset.signed, r.signed_validators + ' / ' + r.total_validators);
    } else {
      row(box.dataset.reason, a.reason);
    }
  }

  async function check() {
    const f = $('o-file').files[0];
    const text = f ? await f.text() : $('o-text').value;
    show(JSON.parse(globalThis.govchainVerify(text, genesis)));
  }

  $('o-check').addEventListener('click', () => { check().catch((e) => show({ authentic: false, reason: String(e) })); });
  load().catch(() => say('failed'));
})();
