/**
 * A small GIF89a reader for tests: walks the blocks (logical screen, global colour table, extensions, image
 * descriptors), LZW-decodes every frame and composites it as a viewer would (disposal 0/1: leave in place;
 * the transparent index shows what is under it), so a test can check the frame count, the size, the delays
 * and the pixels the viewer sees.
 */

export interface GifFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  delayMs: number;
  disposal: number;
  transparentIndex: number | undefined;
  /** Colour indices, width × height. */
  indices: Uint8Array;
}

export interface Gif {
  width: number;
  height: number;
  palette: Uint8Array;
  frames: GifFrame[];
}

export function readGif(bytes: Uint8Array): Gif {
  const header = String.fromCharCode(...bytes.subarray(0, 6));
  if (header !== 'GIF89a' && header !== 'GIF87a') throw new Error(`not a GIF: ${header}`);
  const width = bytes[6] | (bytes[7] << 8);
  const height = bytes[8] | (bytes[9] << 8);
  const packed = bytes[10];
  let at = 13;
  let palette = new Uint8Array(0);
  if (packed & 0x80) {
    const size = 3 * (1 << ((packed & 7) + 1));
    palette = bytes.slice(at, at + size);
    at += size;
  }
  const frames: GifFrame[] = [];
  let control = { delayMs: 0, disposal: 0, transparentIndex: undefined as number | undefined };
  for (;;) {
    const block = bytes[at++];
    if (block === 0x3b) break;
    if (block === 0x21) {
      const label = bytes[at++];
      if (label === 0xf9) {
        const flags = bytes[at + 1];
        control = {
          delayMs: 10 * (bytes[at + 2] | (bytes[at + 3] << 8)),
          disposal: (flags >> 2) & 7,
          transparentIndex: flags & 1 ? bytes[at + 4] : undefined,
        };
      }
      at = skipSubBlocks(bytes, at);
    } else if (block === 0x2c) {
      const left = bytes[at] | (bytes[at + 1] << 8);
      const top = bytes[at + 2] | (bytes[at + 3] << 8);
      const w = bytes[at + 4] | (bytes[at + 5] << 8);
      const h = bytes[at + 6] | (bytes[at + 7] << 8);
      const flags = bytes[at + 8];
      at += 9;
      if (flags & 0x80) at += 3 * (1 << ((flags & 7) + 1));
      const minCodeSize = bytes[at++];
      const data: number[] = [];
      while (bytes[at] !== 0) {
        const size = bytes[at++];
        for (let i = 0; i < size; i++) data.push(bytes[at + i]);
        at += size;
      }
      at++;
      frames.push({
        left,
        top,
        width: w,
        height: h,
        ...control,
        indices: lzwDecode(Uint8Array.from(data), minCodeSize, w * h),
      });
    } else {
      throw new Error(`unexpected block 0x${block.toString(16)} at ${at - 1}`);
    }
  }
  return { width, height, palette, frames };
}

function skipSubBlocks(bytes: Uint8Array, at: number): number {
  while (bytes[at] !== 0) at += bytes[at] + 1;
  return at + 1;
}

function lzwDecode(data: Uint8Array, minCodeSize: number, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  let size = minCodeSize + 1;
  let dict: number[][] = [];
  const reset = (): void => {
    dict = [];
    for (let i = 0; i < clear; i++) dict.push([i]);
    dict.push([], []);
    size = minCodeSize + 1;
  };
  reset();
  let bit = 0;
  let written = 0;
  let previous: number[] | undefined;
  while (bit + size <= data.length * 8) {
    let code = 0;
    for (let i = 0; i < size; i++) code |= ((data[(bit + i) >> 3] >> ((bit + i) & 7)) & 1) << i;
    bit += size;
    if (code === clear) {
      reset();
      previous = undefined;
      continue;
    }
    if (code === end) break;
    let entry: number[];
    if (code < dict.length) entry = dict[code];
    else if (previous) entry = [...previous, previous[0]];
    else throw new Error('bad LZW code');
    for (const v of entry) if (written < pixels) out[written++] = v;
    if (previous && dict.length < 4096) dict.push([...previous, entry[0]]);
    previous = entry;
    if (dict.length === 1 << size && size < 12) size++;
  }
  return out;
}

/** The RGB image a viewer shows after each frame (disposal 0 and 1 leave the frame in place). */
export function composite(gif: Gif): Uint8Array[] {
  const screen = new Uint8Array(gif.width * gif.height * 3);
  const shown: Uint8Array[] = [];
  for (const frame of gif.frames) {
    for (let row = 0; row < frame.height; row++) {
      for (let col = 0; col < frame.width; col++) {
        const index = frame.indices[row * frame.width + col];
        if (index === frame.transparentIndex) continue;
        const p = ((frame.top + row) * gif.width + frame.left + col) * 3;
        screen.set(gif.palette.subarray(3 * index, 3 * index + 3), p);
      }
    }
    shown.push(screen.slice());
  }
  return shown;
}
