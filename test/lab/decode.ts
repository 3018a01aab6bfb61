/** Just enough of PNG and GIF to check an exported file: a PNG's size, a GIF's frame count. */

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which a valid PNG has first (PNG spec §11.2.2). */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG: bad signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') throw new Error('not a PNG: no IHDR first');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Walks a GIF's blocks (GIF89a spec §§17–27) and counts its image descriptors: one per frame. */
export function gifFrameCount(bytes: Uint8Array): number {
  const header = String.fromCharCode(...bytes.subarray(0, 6));
  if (header !== 'GIF89a' && header !== 'GIF87a') throw new Error(`not a GIF: header ${JSON.stringify(header)}`);
  const packed = bytes[10];
  let at = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  const skipSubBlocks = () => {
    while (bytes[at] !== 0) at += bytes[at] + 1;
    at += 1;
  };
  let frames = 0;
  while (at < bytes.length) {
    const block = bytes[at];
    if (block === 0x3b) return frames;
    if (block === 0x21) {
      at += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      const local = bytes[at + 9];
      at += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
      at += 1; // LZW minimum code size
      skipSubBlocks();
      frames++;
    } else {
      throw new Error(`GIF: unexpected block 0x${block.toString(16)} at byte ${at}`);
    }
  }
  throw new Error('GIF: no trailer (truncated)');
}
