// Verifies a receipt bundle in the browser against the genesis validator keys, trusting no
// node: the same checks, in the same order, as ledger/.../verify/ReceiptVerifier.java.
// Every failure becomes "NOT verified: <reason>"; nothing here throws to the caller.
import { ascii, base64ToBytes, bytesToHex, concat, equalBytes, hexToBytes, sha256 } from './bytes.js';
import { readFields } from './protobuf.js';
import * as messages from './messages.js';

const SIBLINGS_MAX = 64;
const HASH_LENGTH = 32;
/** Same bound as the ledger's proof-headers-max: a bundle cannot make the browser hash without end. */
export const LINKED_HEADERS_MAX = 10000;

class Refusal extends Error {}
const refuse = reason => { throw new Refusal(reason); };

/** @returns {Promise<{verified: boolean, reason?: string, txId?: string, height?: string, commitSigners?: string[], checkpointHeight?: string, checkpointSigners?: string[]}>} */
export async function verifyBundle(bundle, genesis) {
  try {
    const txId = await verifyOrRefuse(bundle, genesis);
    const signers = certificate => (certificate.signatures ?? []).map(s => genesis.validators[s.replica ?? 0].nodeId);
    return { verified: true, txId, height: String(bundle.header.height ?? 0), commitSigners: signers(bundle.commitCertificate),
      checkpointHeight: String(bundle.checkpointCertificate.height ?? 0), checkpointSigners: signers(bundle.checkpointCertificate) };
  } catch (e) {
    return { verified: false, reason: e instanceof Refusal ? e.message : 'the bundle is malformed (' + e.message + ')' };
  }
}

async function verifyOrRefuse(bundle, genesis) {
  if (genesis.cryptoSuite !== 'ed25519-sha256') refuse('this browser verifies ed25519-sha256 networks only, not ' + genesis.cryptoSuite);
  if (typeof bundle !== 'object' || bundle === null) refuse('the bundle is not a JSON object');
  const header = bundle.header ?? refuse('the bundle has no header');
  const receipt = bundle.receipt ?? refuse('the bundle has no receipt');
  const txId = await checkTransaction(base64ToBytes(bundle.signedTransaction), genesis.chainId);
  if (header.chainId !== genesis.chainId) refuse(`the header is for chain '${header.chainId}', not '${genesis.chainId}'`);
  await checkReceipt(receipt, txId, header, bundle.inclusionProof ?? {}, bundle.receiptProof ?? {});
  await checkCommitCertificate(header, bundle.commitCertificate ?? refuse('the bundle has no commit certificate'), genesis);
  const checkpoint = bundle.checkpointCertificate ?? refuse('the bundle has no checkpoint certificate');
  await checkSignatures('checkpoint', checkpoint, genesis, replica => messages.checkpointMessage(genesis.chainId, checkpoint, replica));
  await checkCheckpointLink(header, bundle.headersToCheckpoint ?? [], checkpoint);
  return bytesToHex(txId);
}

async function checkTransaction(signedBytes, chainId) {
  const signed = readFields(signedBytes);
  const transactionBytes = single(signed, 1) ?? refuse('the signed transaction carries no transaction');
  const signature = single(signed, 2) ?? refuse('the signed transaction carries no signature');
  const transaction = readFields(transactionBytes);
  const txChain = new TextDecoder().decode(single(transaction, 1) ?? new Uint8Array(0));
  if (txChain !== chainId) refuse(`the transaction is for chain '${txChain}', not '${chainId}'`);
  const senderKey = single(transaction, 2) ?? refuse('the transaction names no sender key');
  if (!await ed25519Verify(senderKey, concat(ascii(messages.TRANSACTION_DOMAIN), Uint8Array.of(0), transactionBytes), signature)) {
    refuse("the transaction's signature does not verify");
  }
  return sha256(signedBytes);
}

function single(fields, number) {
  const values = fields.get(number);
  return values && values.length > 0 ? values[values.length - 1] : undefined;
}

async function checkReceipt(receipt, txId, header, inclusion, receiptProof) {
  if (!equalBytes(base64ToBytes(receipt.txId), txId)) refuse('the receipt is for another transaction');
  if (BigInt(receipt.height ?? 0) !== BigInt(header.height ?? 0)) {
    refuse(`the receipt is for height ${receipt.height ?? 0}, the header is ${header.height ?? 0}`);
  }
  const index = BigInt(receipt.index ?? 0);
  if (BigInt(inclusion.leafIndex ?? 0) !== index || BigInt(receiptProof.leafIndex ?? 0) !== index
      || BigInt(receiptProof.leafCount ?? 0) !== BigInt(inclusion.leafCount ?? 0)) {
    refuse('the proofs do not place the transaction and its receipt at the receipt\'s index');
  }
  if (!await merkleVerify(txId, inclusion, base64ToBytes(header.txRoot))) {
    refuse("the inclusion proof does not lead to the header's tx root");
  }
  const receiptHash = await sha256(messages.receipt(receipt));
  if (!await merkleVerify(receiptHash, receiptProof, base64ToBytes(header.receiptsRoot))) {
    refuse("the receipt proof does not lead to the header's receipts root");
  }
}

/** The ledger's Merkle rules (MerkleTree.java): leaf H(0x00||x), node H(0x01||l||r), odd node promoted, root H(0x02||count||top). */
export async function merkleVerify(leaf, proof, root) {
  const count = BigInt(proof.leafCount ?? 0);
  let position = BigInt(proof.leafIndex ?? 0);
  const siblings = proof.siblings ?? [];
  if (count < 1n || position < 0n || position >= count || siblings.length > SIBLINGS_MAX) return false;
  let hash = await sha256(Uint8Array.of(0), leaf);
  let used = 0;
  for (let level = count; level > 1n; level = (level + 1n) / 2n, position /= 2n) {
    if (position % 2n === 1n || position + 1n < level) {
      if (used >= siblings.length) return false;
      const sibling = base64ToBytes(siblings[used++]);
      if (sibling.length !== HASH_LENGTH) return false;
      hash = position % 2n === 1n ? await sha256(Uint8Array.of(1), sibling, hash) : await sha256(Uint8Array.of(1), hash, sibling);
    }
  }
  if (used !== siblings.length) return false;
  const countBytes = new Uint8Array(8);
  new DataView(countBytes.buffer).setBigUint64(0, count);
  return equalBytes(await sha256(Uint8Array.of(2), countBytes, hash), root);
}

async function checkCommitCertificate(header, certificate, genesis) {
  const digest = await sha256(messages.proposalSummary(header));
  if (!equalBytes(digest, base64ToBytes(header.proposalDigest))) refuse("the header's proposal digest does not match its fields");
  if (!equalBytes(base64ToBytes(certificate.proposalDigest), digest) || BigInt(certificate.height ?? 0) !== BigInt(header.height ?? 0)
      || BigInt(certificate.epoch ?? 0) !== BigInt(header.epoch ?? 0)) {
    refuse('the commit certificate is for another proposal, height or epoch');
  }
  if (BigInt(certificate.view ?? 0) < BigInt(header.view ?? 0)) refuse("the commit certificate's view precedes the proposal's view");
  await checkSignatures('commit', certificate, genesis, replica => messages.commitMessage(genesis.chainId, certificate, replica));
}

/** 2f+1 distinct validators of the genesis set, each signature valid over the rebuilt consensus message; any bad entry refuses all. */
async function checkSignatures(kind, certificate, genesis, signedBytesOf) {
  if (BigInt(certificate.epoch ?? 0) !== BigInt(genesis.epoch)) {
    refuse(`the ${kind} certificate is for epoch ${certificate.epoch ?? 0}, the known validator set is epoch ${genesis.epoch}`);
  }
  const n = genesis.validators.length;
  const signatures = certificate.signatures ?? [];
  if (signatures.length > n) refuse(`the ${kind} certificate has more signatures than there are validators`);
  const signers = new Set();
  for (const entry of signatures) {
    const replica = entry.replica ?? 0;
    if (!Number.isInteger(replica) || replica < 0 || replica >= n) {
      refuse(`the ${kind} certificate names replica ${replica}, outside the ${n} validators`);
    }
    if (signers.has(replica)) refuse(`the ${kind} certificate counts replica ${replica} twice`);
    const message = concat(ascii(messages.CONSENSUS_DOMAIN), Uint8Array.of(0), signedBytesOf(replica));
    if (!await ed25519Verify(hexToBytes(genesis.validators[replica].publicKey), message, base64ToBytes(entry.signature))) {
      refuse(`replica ${replica}'s signature in the ${kind} certificate does not verify`);
    }
    signers.add(replica);
  }
  if (signers.size < genesis.quorum) refuse(`the ${kind} certificate has ${signers.size} signatures, ${genesis.quorum} are needed`);
}

async function checkCheckpointLink(header, between, certificate) {
  const certified = BigInt(certificate.height ?? 0);
  const height = BigInt(header.height ?? 0);
  if (certified < height) refuse(`the checkpoint certificate is for height ${certified}, below the block's height ${height}`);
  const gap = certified - height;
  if (gap > BigInt(LINKED_HEADERS_MAX) || BigInt(between.length) !== gap) {
    refuse(`reaching checkpoint height ${certified} from height ${height} needs ${gap} linked headers, the bundle has ${between.length}`);
  }
  let previous = header;
  for (const next of between) {
    if (BigInt(next.height ?? 0) !== BigInt(previous.height ?? 0) + 1n || next.chainId !== previous.chainId
        || !equalBytes(base64ToBytes(next.prevBlockHash), await sha256(messages.blockHeader(previous)))) {
      refuse(`the header at height ${next.height ?? 0} does not link to height ${previous.height ?? 0}`);
    }
    previous = next;
  }
  if (!equalBytes(await sha256(messages.blockHeader(previous)), base64ToBytes(certificate.blockHash))) {
    refuse(`the checkpoint certificate certifies a different block hash at height ${certified}`);
  }
}

async function ed25519Verify(publicKey, message, signature) {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
  } catch (e) {
    return false; // an invalid point encoding is refused like a bad signature
  }
}
