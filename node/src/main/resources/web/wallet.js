// The demo payment form's signing: the user picks a PKCS#8 PEM key file from the demo
// network folder; the key is imported into WebCrypto in this page only (never sent, never
// stored, never logged) and signs a transfer with the TRANSACTION domain tag.
import { ascii, base64ToBytes, bytesToBase64, bytesToHex, concat, hexToBytes, sha256 } from './bytes.js';
import * as messages from './messages.js';

const ADDRESS_TAG = ascii('yantar/address/v1');

export async function loadKey(pemText) {
  const body = pemText.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '');
  if (!pemText.includes('-----BEGIN PRIVATE KEY-----') || body.length === 0) throw new Error('not a PEM private key file');
  const privateKey = await crypto.subtle.importKey('pkcs8', base64ToBytes(body), { name: 'Ed25519' }, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const publicKey = base64ToBytes(jwk.x);
  return { privateKey, publicKey, address: await addressOf(publicKey) };
}

/** The ledger's address text: "yn" + hex(first 20 bytes of H(tag || key)) + hex(first 4 bytes of H(those 20 bytes)). */
export async function addressOf(publicKey) {
  const raw = (await sha256(ADDRESS_TAG, publicKey)).subarray(0, 20);
  const checksum = (await sha256(raw)).subarray(0, 4);
  return 'yn' + bytesToHex(raw) + bytesToHex(checksum);
}

export async function parseAddress(text) {
  if (typeof text !== 'string' || !/^yn[0-9a-f]{48}$/.test(text)) throw new Error('an address is "yn" and 48 lower-case hex digits');
  const bytes = hexToBytes(text.slice(2));
  const raw = bytes.subarray(0, 20);
  const checksum = (await sha256(raw)).subarray(0, 4);
  if (bytesToHex(checksum) !== bytesToHex(bytes.subarray(20))) throw new Error('address checksum mismatch: the address was mistyped');
  return raw;
}

/** "12.34" -> 1234n kopecks; refuses anything else. */
export function parseMoney(text) {
  const match = /^([0-9]{1,15})(?:\.([0-9]{1,2}))?$/.exec(text.trim());
  if (!match) throw new Error('an amount is like 12.34');
  const kopecks = BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (kopecks <= 0n) throw new Error('the amount must be positive');
  return kopecks;
}

export async function signTransfer(key, { chainId, nonce, recipientText, amountText, memo }) {
  const transaction = messages.transferTransaction({
    chainId, senderPublicKey: key.publicKey, nonce, memo,
    recipient: await parseAddress(recipientText), amountKopecks: parseMoney(amountText),
  });
  const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key.privateKey,
    concat(ascii(messages.TRANSACTION_DOMAIN), Uint8Array.of(0), transaction)));
  const signed = messages.signedTransaction(transaction, signature);
  return {
    id: bytesToHex(await sha256(signed)),
    json: { transaction: bytesToBase64(transaction), signature: bytesToBase64(signature) },
  };
}
