/** Types for gifenc 1.0 (mattdesl/gifenc), which ships none: the part of its API that src/plot/gif.ts uses. */
declare module 'gifenc' {
  export type Palette = number[][];
  export interface GifFrameOptions {
    palette?: Palette;
    delay?: number;
    repeat?: number;
    transparent?: boolean;
    transparentIndex?: number;
    dispose?: number;
  }
  export interface GifEncoderStream {
    writeFrame(index: Uint8Array, width: number, height: number, options?: GifFrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
    /** A view of the bytes written so far, into the encoder's own buffer (writes to it change the file). */
    bytesView(): Uint8Array;
  }
  export interface GifencApi {
    GIFEncoder(options?: { initialCapacity?: number; auto?: boolean }): GifEncoderStream;
    quantize(
      rgba: Uint8Array | Uint8ClampedArray,
      maxColors: number,
      options?: { format?: 'rgb565' | 'rgb444' | 'rgba4444' },
    ): Palette;
  }
  export const GIFEncoder: GifencApi['GIFEncoder'];
  export const quantize: GifencApi['quantize'];
  const api: unknown;
  export default api;
}
