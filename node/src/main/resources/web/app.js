// The Yantar explorer: one page, views chosen by the URL fragment (#/tx/<id>, #/block/<h>,
// #/account/<address>, #/programs, #/pay, #/verify). Everything it shows comes from this node's
// API; the "verify" buttons check proofs and certificates here, against the genesis keys.
// Text from the node is only ever set as textContent, never parsed as HTML.
import { verifyBundle } from './verify.js';
import { runChart } from './chart.js';
import { loadKey, signTransfer } from './wallet.js';

const LIVE_BLOCKS_MAX = 30;
const EVENTS_MAX = 20;
const RECENT_BLOCKS_REPLAYED = 10;
const PENDING_POLL_MILLIS = 1000;
const STATUS_POLL_MILLIS = 3000;

const state = { genesis: null, status: null, blocks: [], events: [], lastView: null, lastCheckpoint: 0, key: null };
const main = document.getElementById('main');

function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const short = hex => (hex && hex.length > 16 ? hex.slice(0, 10) + '…' + hex.slice(-6) : hex ?? '');
const time = millis => new Date(Number(millis)).toLocaleString();
const link = (href, text, attributes = {}) => h('a', { href, ...attributes }, text);
const txLink = id => link('#/tx/' + id, short(id), { class: 'mono', title: id });
const accountLink = address => link('#/account/' + address, short(address), { class: 'mono', title: address });
const validatorName = index => state.genesis?.validators[index]?.nodeId ?? 'replica ' + index;

async function api(path, options = {}) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => null);
  return { status: response.status, ok: response.ok, body };
}

const problem = result => (result.body && result.body.detail) || 'HTTP ' + result.status;

// ---------------------------------------------------------------- live data

async function loadGenesis() {
  const result = await api('/v1/genesis');
  if (result.ok) state.genesis = result.body;
  return state.genesis;
}

async function pollStatus() {
  const result = await api('/v1/status').catch(() => null);
  if (result && result.ok) {
    state.status = result.body;
    const view = result.body.view;
    if (view !== null && view !== undefined && view !== state.lastView) {
      if (state.lastView !== null) note(`view ${view} entered; primary ${result.body.primary}`);
      state.lastView = view;
    }
    document.getElementById('node').textContent = `${result.body.nodeId} · ${result.body.organisation} · ${result.body.chainId}`;
    if (route().name === 'overview') renderConsortium();
  }
  setTimeout(pollStatus, STATUS_POLL_MILLIS);
}

function note(text) {
  state.events.unshift({ at: Date.now(), text });
  state.events.length = Math.min(state.events.length, EVENTS_MAX);
}

/** Replays the last few committed blocks, then follows new ones as they commit. */
async function followBlocks() {
  const status = await api('/v1/status').catch(() => null);
  const height = Number(status?.body?.height ?? 0);
  const source = new EventSource(height > 0 ? '/v1/events?from=' + Math.max(1, height - RECENT_BLOCKS_REPLAYED + 1) : '/v1/events');
  source.addEventListener('block', async event => {
    const summary = JSON.parse(event.data);
    const detail = await api('/v1/blocks/' + summary.height).catch(() => null);
    const block = detail && detail.ok ? detail.body : null;
    if (state.blocks.some(b => b.summary.height === summary.height)) return;
    state.blocks.unshift({ summary, block });
    state.blocks.sort((a, b) => b.summary.height - a.summary.height);
    state.blocks.length = Math.min(state.blocks.length, LIVE_BLOCKS_MAX);
    const checkpoint = block?.checkpointCertificate;
    if (checkpoint && Number(checkpoint.height) > state.lastCheckpoint) {
      state.lastCheckpoint = Number(checkpoint.height);
      note(`checkpoint at height ${checkpoint.height} signed by ${(checkpoint.signatures ?? []).map(s => validatorName(s.replica ?? 0)).join(', ')}`);
    }
    if (route().name === 'overview') renderOverview();
  });
  source.addEventListener('open', () => document.body.classList.add('live'));
  source.addEventListener('error', () => document.body.classList.remove('live'));
}

// ---------------------------------------------------------------- views

function route() {
  const [, name, arg] = (location.hash || '#/').match(/^#\/([a-z]*)\/?(.*)$/) ?? [];
  return { name: name || 'overview', arg: decodeURIComponent(arg ?? '') };
}

function show(...children) {
  main.replaceChildren(...children);
}

function renderOverview() {
  if (!document.getElementById('consortium')) {
    show(h('section', { id: 'consortium' }), h('section', { id: 'live' }));
  }
  renderConsortium();
  const live = document.getElementById('live');
  live.replaceChildren(h('h2', {}, 'Live blocks'),
    state.blocks.length === 0 ? h('p', { class: 'muted' }, 'Waiting for the next block…') : '',
    h('ol', { id: 'blocks', class: 'blocks' }, state.blocks.map(blockItem)));
}

function blockItem({ summary, block }) {
  const txs = block ? block.transactions : [];
  const signers = (block?.commitCertificate?.signatures ?? []).map(s => validatorName(s.replica ?? 0));
  return h('li', { 'data-height': summary.height },
    h('div', { class: 'row' }, link('#/block/' + summary.height, '#' + summary.height, { class: 'height' }),
      h('span', { class: 'muted' }, time(summary.timestampMillis)),
      h('span', {}, `${block ? block.transactions.length : summary.transactionCount ?? summary.transactions?.length ?? summary.receipts?.length ?? 0} tx`),
      block ? h('span', {}, 'proposer ' + validatorName(block.header.proposer)) : ''),
    signers.length ? h('div', { class: 'muted small' }, 'certified by ' + signers.join(', ')) : '',
    h('ul', { class: 'txs' }, txs.slice(0, 5).map(tx => h('li', {}, txLink(tx.id), ' ', tx.kind, ' ',
      tx.receipt && !tx.receipt.success ? h('span', { class: 'bad' }, tx.receipt.reasonCode) : ''))),
    txs.length > 5 ? h('div', { class: 'muted small' }, `and ${txs.length - 5} more`) : '');
}

function renderConsortium() {
  const section = document.getElementById('consortium');
  if (!section || !state.genesis) return;
  const status = state.status ?? {};
  const up = new Set([...(status.reachablePeers ?? []), status.nodeId]);
  const down = new Set(status.unreachablePeers ?? []);
  const silent = new Set((status.silentValidators ?? []).map(s => s.nodeId));
  section.replaceChildren(
    h('h2', {}, 'Consortium'),
    h('p', { class: 'facts' },
      h('span', {}, 'height ', h('b', { id: 'height' }, status.height ?? '–')),
      h('span', {}, 'view ', h('b', {}, status.view ?? '–')),
      h('span', {}, 'primary ', h('b', { id: 'primary' }, status.primary ?? '–')),
      h('span', {}, 'quorum ', h('b', {}, `${state.genesis.quorum} of ${state.genesis.validators.length}`)),
      status.notCommittingBecause ? h('span', { class: 'bad' }, status.notCommittingBecause) : ''),
    h('table', { id: 'validators' },
      h('thead', {}, h('tr', {}, ['#', 'node', 'organisation', 'role', 'state', 'key'].map(t => h('th', {}, t)))),
      h('tbody', {}, state.genesis.validators.map(v => {
        const reachable = down.has(v.nodeId) ? 'unreachable' : up.has(v.nodeId) ? 'reachable' : 'unknown';
        return h('tr', { class: v.nodeId === status.primary ? 'primary' : '' },
          h('td', {}, v.index), h('td', {}, v.nodeId, v.nodeId === status.primary ? ' ★' : ''), h('td', {}, v.organisation),
          h('td', {}, v.role), h('td', { class: reachable === 'reachable' ? 'good' : 'bad' }, reachable + (silent.has(v.nodeId) ? ', silent' : '')),
          h('td', { class: 'mono', title: v.publicKey }, short(v.publicKey)));
      }))),
    h('h3', {}, 'Recent view changes and checkpoints'),
    state.events.length === 0 ? h('p', { class: 'muted' }, 'None seen since this page opened.')
      : h('ul', { class: 'events' }, state.events.map(e => h('li', {}, h('span', { class: 'muted' }, new Date(e.at).toLocaleTimeString()), ' ', e.text))));
}

async function renderTransaction(id) {
  show(h('h2', {}, 'Transaction'), h('p', { class: 'mono break' }, id), h('p', { class: 'muted' }, 'Loading…'));
  const result = await api('/v1/transactions/' + encodeURIComponent(id));
  if (!result.ok) return show(h('h2', {}, 'Transaction'), h('p', { class: 'bad' }, problem(result)));
  const tx = result.body;
  if (tx.status === 'pending') {
    // Watch it commit: look again shortly while this transaction is still the one shown.
    setTimeout(() => { if (route().name === 'tx' && route().arg === id) renderTransaction(id); }, PENDING_POLL_MILLIS);
  }
  const receipt = tx.receipt;
  const block = tx.height ? await api('/v1/blocks/' + tx.height).catch(() => null) : null;
  const content = block && block.ok ? block.body.transactions.find(t => t.id === tx.id) : null;
  const verdict = h('p', { id: 'verdict', class: 'verdict', 'aria-live': 'polite' });
  show(h('h2', {}, 'Transaction'),
    h('dl', { id: 'transaction' },
      h('dt', {}, 'id'), h('dd', { class: 'mono break' }, tx.id),
      h('dt', {}, 'status'), h('dd', { id: 'tx-status' }, tx.status),
      content ? [h('dt', {}, 'kind'), h('dd', {}, content.kind), h('dt', {}, 'sender'), h('dd', {}, accountLink(content.sender)),
        h('dt', {}, 'what'), h('dd', {}, describe(content.content)), content.memo ? [h('dt', {}, 'memo'), h('dd', {}, content.memo)] : ''] : '',
      tx.height ? [h('dt', {}, 'block'), h('dd', {}, link('#/block/' + tx.height, '#' + tx.height))] : '',
      receipt ? [h('dt', {}, 'result'), h('dd', { class: receipt.success ? 'good' : 'bad' },
        receipt.success ? 'executed' : `refused: ${receipt.reasonCode} — ${receipt.detail}`),
      h('dt', {}, 'position'), h('dd', {}, `index ${receipt.index} in block ${receipt.height}`)] : ''),
    tx.status === 'committed' ? h('button', { id: 'verify', onclick: () => verifyTransaction(id, verdict) }, 'Verify in this browser') : '',
    verdict,
    h('p', { class: 'muted small' }, 'Verify checks the signed transaction, its inclusion and receipt proofs, the proposal digest, ' +
      'and the commit and checkpoint certificates against the genesis validator keys, here in the browser.'));
}

async function verifyTransaction(id, verdict) {
  verdict.className = 'verdict';
  verdict.textContent = 'Verifying…';
  const proof = await api(`/v1/transactions/${id}/proof`);
  if (!proof.ok) {
    verdict.className = 'verdict bad';
    verdict.textContent = 'NOT verified: the node gave no receipt bundle (' + problem(proof) + ')';
    return;
  }
  showVerdict(verdict, await verifyBundle(proof.body, state.genesis ?? await loadGenesis()));
}

function showVerdict(verdict, result) {
  verdict.className = 'verdict ' + (result.verified ? 'good' : 'bad');
  verdict.textContent = result.verified ? 'verified' : 'NOT verified: ' + result.reason;
  const details = document.getElementById('verdict-details') ?? h('p', { id: 'verdict-details', class: 'small muted' });
  verdict.after(details);
  details.textContent = result.verified
    ? `Included in block ${result.height}, committed by ${result.commitSigners.join(', ')}; ` +
      `executed result certified at checkpoint ${result.checkpointHeight} by ${result.checkpointSigners.join(', ')}.`
    : '';
}

async function renderBlock(height) {
  const result = await api('/v1/blocks/' + encodeURIComponent(height));
  if (!result.ok) return show(h('h2', {}, 'Block ' + height), h('p', { class: 'bad' }, problem(result)));
  const block = result.body;
  const header = block.header;
  show(h('h2', {}, 'Block #' + block.height),
    h('dl', {},
      h('dt', {}, 'hash'), h('dd', { class: 'mono break' }, block.hash),
      h('dt', {}, 'time'), h('dd', {}, time(header.timestampMillis)),
      h('dt', {}, 'proposer'), h('dd', {}, validatorName(header.proposer)),
      h('dt', {}, 'view'), h('dd', {}, header.view),
      h('dt', {}, 'commit signers'), h('dd', {}, (block.commitCertificate?.signatures ?? []).map(s => validatorName(s.replica ?? 0)).join(', ')),
      h('dt', {}, 'checkpoint'), h('dd', {}, block.checkpointCertificate ? 'certified at height ' + block.checkpointCertificate.height : 'not yet')),
    h('h3', {}, `${block.transactions.length} transactions`),
    h('table', {}, h('thead', {}, h('tr', {}, ['#', 'id', 'kind', 'sender', 'what', 'result'].map(t => h('th', {}, t)))),
      h('tbody', {}, block.transactions.map(tx => h('tr', {},
        h('td', {}, tx.index), h('td', {}, txLink(tx.id)), h('td', {}, tx.kind), h('td', {}, tx.sender ? accountLink(tx.sender) : ''),
        h('td', {}, describe(tx.content)), h('td', { class: tx.receipt?.success ? 'good' : 'bad' }, tx.receipt?.success ? 'ok' : tx.receipt?.reasonCode ?? ''))))));
}

function describe(content) {
  if (!content) return '';
  if (content.to) return [content.amount + ' to ', accountLink(content.to)];
  if (content.programId) return `${content.total} to ${content.lines} beneficiaries (${content.programId})`;
  if (content.amount) return content.amount + ' issued' + (content.budgetLine ? ' (' + content.budgetLine + ')' : '');
  return '';
}

async function renderAccount(address) {
  const [account, history] = await Promise.all([api('/v1/accounts/' + encodeURIComponent(address)),
    api('/v1/accounts/' + encodeURIComponent(address) + '/transactions')]);
  if (!account.ok) return show(h('h2', {}, 'Account'), h('p', { class: 'bad' }, problem(account)));
  const a = account.body;
  const entries = history.ok ? history.body.entries : [];
  show(h('h2', {}, 'Account'), h('p', { class: 'mono break' }, address),
    h('dl', { id: 'account' }, h('dt', {}, 'balance'), h('dd', { id: 'balance' }, a.exists ? a.balance : '0.00 (no account yet)'),
      h('dt', {}, 'nonce'), h('dd', {}, a.nonce), h('dt', {}, 'as of height'), h('dd', {}, a.height)),
    h('h3', {}, 'History'),
    entries.length === 0 ? h('p', { class: 'muted' }, 'No transactions.') :
      h('table', { id: 'history' }, h('thead', {}, h('tr', {}, ['block', 'tx', 'kind', '', 'amount', 'counterparty', 'result'].map(t => h('th', {}, t)))),
        h('tbody', {}, entries.map(e => h('tr', {},
          h('td', {}, link('#/block/' + e.height, '#' + e.height)), h('td', {}, txLink(e.txId)), h('td', {}, e.kind), h('td', {}, e.direction),
          h('td', { class: 'num' }, (e.direction === 'out' ? '−' : '+') + e.amount), h('td', {}, e.counterparty ? accountLink(e.counterparty) : ''),
          h('td', { class: e.success ? 'good' : 'bad' }, e.success ? 'ok' : e.reasonCode))))));
}

async function renderPrograms() {
  const result = await api('/v1/programs');
  if (!result.ok) return show(h('h2', {}, 'Social-payment programs'), h('p', { class: 'bad' }, problem(result)));
  const programs = result.body.programs;
  const runs = programs.flatMap((p, series) => p.recentRuns.map(r => ({ t: r.timestampMillis, value: r.paidKopecks / 100, series, label: p.programId })));
  show(h('h2', {}, 'Social-payment programs'),
    h('p', { class: 'muted small' }, `From committed blocks up to height ${result.body.indexedHeight}.`),
    programs.length === 0 ? h('p', { class: 'muted' }, 'No disbursement has run yet.') :
      h('table', { id: 'programs' }, h('thead', {}, h('tr', {}, ['program', 'runs', 'paid', 'beneficiaries'].map(t => h('th', {}, t)))),
        h('tbody', {}, programs.map(p => h('tr', {}, h('td', {}, p.programId), h('td', { class: 'num' }, p.runs),
          h('td', { class: 'num' }, p.paid), h('td', { class: 'num' }, p.beneficiaries))))),
    h('figure', {}, runChart(runs, { format: v => v.toLocaleString() }),
      h('figcaption', {}, 'Paid per run, oldest first: ', programs.map((p, i) => h('span', { class: 'legend c' + (i % 6) }, p.programId)))));
}

function renderPay() {
  const output = h('p', { id: 'pay-result', 'aria-live': 'polite' });
  const who = h('p', { id: 'pay-sender', class: 'muted' }, state.key ? 'Signing as ' + state.key.address : 'No key loaded.');
  const form = h('form', { id: 'pay', onsubmit: event => { event.preventDefault(); pay(form, output); } },
    h('label', {}, 'Sender key (PKCS#8 PEM from the demo network\'s keys/ folder)',
      h('input', { type: 'file', name: 'key', accept: '.key,.pem', onchange: event => pickKey(event.target, who) })),
    h('label', {}, 'Recipient address', h('input', { name: 'to', required: true, placeholder: 'yn…', autocomplete: 'off' })),
    h('label', {}, 'Amount', h('input', { name: 'amount', required: true, placeholder: '12.34', inputmode: 'decimal' })),
    h('label', {}, 'Memo', h('input', { name: 'memo', maxlength: 200 })),
    h('button', { type: 'submit' }, 'Sign and send'));
  show(h('h2', {}, 'Make a payment (demo consortium)'),
    h('p', { class: 'small' }, 'For the local demo network only. The key file is read by this page and used to sign here; ' +
      'it is never sent to the node, stored or logged. Only the signed transaction leaves the browser.'),
    who, form, output);
}

async function pickKey(input, who) {
  state.key = null;
  try {
    state.key = await loadKey(await input.files[0].text());
    who.textContent = 'Signing as ' + state.key.address;
    who.className = '';
  } catch (e) {
    who.textContent = 'That key cannot be used: ' + e.message;
    who.className = 'bad';
  }
}

async function pay(form, output) {
  output.className = '';
  try {
    if (!state.key) throw new Error('pick a key file first');
    const genesis = state.genesis ?? await loadGenesis();
    const account = await api('/v1/accounts/' + state.key.address);
    if (!account.ok) throw new Error(problem(account));
    const signed = await signTransfer(state.key, { chainId: genesis.chainId, nonce: account.body.nonce,
      recipientText: form.elements.to.value.trim(), amountText: form.elements.amount.value, memo: form.elements.memo.value });
    output.textContent = 'Sent; waiting for it to commit…';
    const result = await api('/v1/transactions?wait=commit', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(signed.json) });
    if (!result.ok && result.status !== 504) throw new Error(problem(result));
    output.replaceChildren(result.status === 200 ? 'Committed: ' : 'Accepted, not committed yet: ', txLink(signed.id));
  } catch (e) {
    output.className = 'bad';
    output.textContent = 'Not sent: ' + e.message;
  }
}

function renderVerifyBundle() {
  const verdict = h('p', { id: 'verdict', class: 'verdict', 'aria-live': 'polite' });
  const input = h('textarea', { id: 'bundle-input', rows: 10, spellcheck: 'false', placeholder: '{"signedTransaction": …}' });
  show(h('h2', {}, 'Verify a receipt bundle'),
    h('p', { class: 'small' }, 'Paste a receipt bundle (the JSON of GET /v1/transactions/{id}/proof, or what `yantar proof` saved) ' +
      'or pick its file. It is checked here against the genesis validator keys.'),
    h('input', { type: 'file', accept: '.json', onchange: async e => { input.value = await e.target.files[0].text(); } }),
    input,
    h('button', { id: 'verify-bundle', onclick: async () => {
      let bundle;
      try { bundle = JSON.parse(input.value); } catch (e) { return showVerdict(verdict, { verified: false, reason: 'the text is not JSON' }); }
      showVerdict(verdict, await verifyBundle(bundle, state.genesis ?? await loadGenesis()));
    } }, 'Verify'),
    verdict);
}

function render() {
  const { name, arg } = route();
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('current', a.getAttribute('href') === '#/' + (name === 'overview' ? '' : name));
  const views = { overview: renderOverview, tx: () => renderTransaction(arg), block: () => renderBlock(arg), account: () => renderAccount(arg),
    programs: renderPrograms, pay: renderPay, verify: renderVerifyBundle };
  (views[name] ?? renderOverview)();
}

document.getElementById('search').addEventListener('submit', event => {
  event.preventDefault();
  const query = event.target.elements.q.value.trim();
  const target = /^[0-9a-f]{64}$/i.test(query) ? '#/tx/' + query.toLowerCase()
    : /^[0-9]+$/.test(query) ? '#/block/' + query
      : /^yn[0-9a-f]{48}$/.test(query) ? '#/account/' + query : null;
  if (target) location.hash = target;
  else show(h('p', { class: 'bad' }, 'Search for a transaction id (64 hex digits), a block height or an address (yn…).'));
});

window.addEventListener('hashchange', render);
await loadGenesis();
render();
followBlocks();
pollStatus();
