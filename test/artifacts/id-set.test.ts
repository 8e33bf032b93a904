import { describe, expect, it } from 'vitest';
import { IdSet } from '../../src/artifacts/goroutines/id-set.js';

describe('IdSet', () => {
  it('keeps small and large ids, counts each once, and stops at its bound', () => {
    const s = new IdSet(5);
    for (const id of [1, 1, 40_000, 2 ** 40, 2 ** 40]) s.add(id);
    expect(s.size).toBe(3);
    expect([1, 40_000, 2 ** 40].every((id) => s.has(id))).toBe(true);
    expect(s.has(2) || s.has(39_999) || s.has(2 ** 40 + 1)).toBe(false);
    for (const id of [7, 8, 9]) s.add(id);
    expect(s.size).toBe(5);
    expect(s.has(9)).toBe(false);
  });
});
