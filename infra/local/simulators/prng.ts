/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * mulberry32: a tiny 32-bit seeded generator. Seeds and fault injection need sequences that are
 * identical on every run and machine; Math.random cannot be seeded.
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max], both inclusive. */
export function randomInt(random: RandomSource, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: RandomSource, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() needs a non-empty list');
  return item;
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function randomHex(random: RandomSource, length: number): string {
  let out = '';
  while (out.length < length) {
    const n = Math.floor(random() * 0x100000000);
    out +=
      (HEX_BYTES[n >>> 24] ?? '') +
      (HEX_BYTES[(n >>> 16) & 0xff] ?? '') +
      (HEX_BYTES[(n >>> 8) & 0xff] ?? '') +
      (HEX_BYTES[n & 0xff] ?? '');
  }
  return out.slice(0, length);
}
