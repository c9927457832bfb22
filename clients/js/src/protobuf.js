// A minimal protobuf reader: enough to walk an ics23 CommitmentProof.
// Only varint (0) and length-delimited (2) fields are expected; anything
// else is an error, so a malformed proof cannot be half-read.

export function readFields(bytes) {
  const fields = [];
  let i = 0;
  const varint = () => {
    let n = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (i >= bytes.length) throw new Error('protobuf: truncated varint');
      if (shift > 63n) throw new Error('protobuf: varint too long');
      const b = bytes[i++];
      n |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return n;
    }
  };
  while (i < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      fields.push({ field, value: varint() });
    } else if (wire === 2) {
      const len = Number(varint());
      if (len > bytes.length - i) throw new Error('protobuf: length beyond the end');
      fields.push({ field, bytes: bytes.subarray(i, i + len) });
      i += len;
    } else {
      throw new Error(`protobuf: unexpected wire type ${wire} for field ${field}`);
    }
  }
  return fields;
}

export function one(fields, n) {
  const f = fields.filter((x) => x.field === n);
  if (f.length > 1) throw new Error(`protobuf: field ${n} repeated`);
  return f[0];
}

export function uvarint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Uint8Array.from(out);
}
