// The Yantar messages (proto/src/main/proto/yantar/*.proto) the browser rebuilds, from the
// protobuf JSON the node serves. Field numbers here must follow the .proto files; a Java test
// (ExplorerEncodingTest) and the browser test compare these bytes with Java's Canonical.bytes.
import { Writer } from './protobuf.js';
import { base64ToBytes } from './bytes.js';

export const CONSENSUS_DOMAIN = 'yantar/consensus/v1';
export const TRANSACTION_DOMAIN = 'yantar/tx/v1';

export function proposalSummary(header) {
  return new Writer()
    .string(1, header.chainId)
    .uint(2, header.height)
    .uint(3, header.view)
    .uint(4, header.proposer)
    .uint(5, header.timestampMillis)
    .bool(6, header.nullBlock)
    .bytes(7, base64ToBytes(header.txRoot))
    .finish();
}

export function blockHeader(header) {
  return new Writer()
    .string(1, header.chainId)
    .uint(2, header.height)
    .bytes(3, base64ToBytes(header.prevBlockHash))
    .bytes(4, base64ToBytes(header.txRoot))
    .bytes(5, base64ToBytes(header.receiptsRoot))
    .bytes(6, base64ToBytes(header.stateRoot))
    .uint(7, header.timestampMillis)
    .uint(8, header.proposer)
    .uint(9, header.view)
    .uint(10, header.epoch)
    .bytes(11, base64ToBytes(header.proposalDigest))
    .bool(12, header.nullBlock)
    .finish();
}

export function receipt(r) {
  return new Writer()
    .bytes(1, base64ToBytes(r.txId))
    .uint(2, r.height)
    .uint(3, r.index)
    .bool(4, r.success)
    .string(5, r.reasonCode)
    .string(6, r.detail)
    .finish();
}

/** ConsensusMessage{commit} as each replica of a commit certificate signed it. */
export function commitMessage(chainId, certificate, replica) {
  const commit = new Writer()
    .string(1, chainId)
    .uint(2, certificate.epoch)
    .uint(3, certificate.view)
    .uint(4, certificate.height)
    .bytes(5, base64ToBytes(certificate.proposalDigest))
    .uint(6, replica)
    .finish();
  return new Writer().message(3, commit, true).finish();
}

/** ConsensusMessage{checkpoint} as each replica of a checkpoint certificate signed it. */
export function checkpointMessage(chainId, certificate, replica) {
  const checkpoint = new Writer()
    .string(1, chainId)
    .uint(2, certificate.epoch)
    .uint(3, certificate.height)
    .bytes(4, base64ToBytes(certificate.blockHash))
    .uint(5, replica)
    .finish();
  return new Writer().message(4, checkpoint, true).finish();
}

/** Transaction{transfer}: what a sender signs (bytes fields as Uint8Array, integers as BigInt or text). */
export function transferTransaction({ chainId, senderPublicKey, nonce, memo, recipient, amountKopecks }) {
  const transfer = new Writer().bytes(1, recipient).uint(2, amountKopecks).finish();
  return new Writer()
    .string(1, chainId)
    .bytes(2, senderPublicKey)
    .uint(3, nonce)
    .string(4, memo)
    .message(10, transfer, true)
    .finish();
}

export function signedTransaction(transactionBytes, signature) {
  return new Writer().bytes(1, transactionBytes).bytes(2, signature).finish();
}
