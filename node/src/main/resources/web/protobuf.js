// Deterministic protobuf encoding of the few Yantar messages the browser hashes or signs,
// matching Java's Canonical.bytes: fields in field-number order, proto3 defaults omitted,
// varints for integers (int64 as two's complement), length-delimited strings, bytes and
// sub-messages. 64-bit values arrive from protobuf JSON as strings and are handled as BigInt.
import { concat } from './bytes.js';

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const UINT64_LIMIT = 1n << 64n;

function varint(value) {
  let v = BigInt(value);
  if (v < 0n) v += UINT64_LIMIT; // int64: ten bytes of two's complement, as protobuf does
  if (v < 0n || v >= UINT64_LIMIT) throw new Error('integer out of 64-bit range: ' + value);
  const out = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Uint8Array.from(out);
}

const tag = (field, wireType) => varint((field << 3) | wireType);

function integer(value) {
  if (value === undefined || value === null || value === '') return 0n;
  if (typeof value === 'string' && !/^-?[0-9]+$/.test(value)) throw new Error('not an integer: ' + value);
  return BigInt(value);
}

/** A message built field by field; call the writers in field-number order. */
export class Writer {
  constructor() { this.parts = []; }
  uint(field, value) {
    const v = integer(value);
    if (v !== 0n) this.parts.push(tag(field, VARINT), varint(v));
    return this;
  }
  bool(field, value) {
    if (value === true) this.parts.push(tag(field, VARINT), Uint8Array.of(1));
    return this;
  }
  bytes(field, value, always = false) {
    if (value.length > 0 || always) this.parts.push(tag(field, LENGTH_DELIMITED), varint(value.length), value);
    return this;
  }
  string(field, value) {
    return this.bytes(field, new TextEncoder().encode(value ?? ''));
  }
  /** A sub-message; a member of a oneof is written even when empty (its presence is the choice). */
  message(field, bytes, always = false) {
    return this.bytes(field, bytes, always);
  }
  finish() { return concat(...this.parts); }
}

/** Reads the fields of a protobuf message: {field number: [values]} (varints as BigInt, the rest as bytes). */
export function readFields(bytes) {
  const fields = new Map();
  let at = 0;
  const readVarint = () => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (at >= bytes.length) throw new Error('truncated varint');
      const byte = bytes[at++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new Error('varint too long');
  };
  while (at < bytes.length) {
    const key = readVarint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    let value;
    if (wireType === VARINT) {
      value = readVarint();
    } else if (wireType === LENGTH_DELIMITED) {
      const length = Number(readVarint());
      if (at + length > bytes.length) throw new Error('truncated field ' + field);
      value = bytes.subarray(at, at + length);
      at += length;
    } else {
      throw new Error('unexpected wire type ' + wireType + ' in field ' + field);
    }
    if (!fields.has(field)) fields.set(field, []);
    fields.get(field).push(value);
  }
  return fields;
}
