import { describe, expect, it } from 'vitest';
import { render } from '../../src/report/index.js';
import { doc, finding } from './helpers.js';

describe('vet reporter', () => {
  it('prints one go vet line per finding, related locations only inside their finding, then errors', () => {
    const d = doc(
      [
        finding({
          file: 'pkg/b.go',
          line: 12,
          column: 5,
          message: 'second',
          related: [{ file: 'pkg/c.go', line: 1, column: 1, message: 'not a diagnostic' }],
        }),
        finding({ file: 'pkg/a.go', line: 3, column: 2, message: 'first' }),
      ],
      { errors: [{ file: 'pkg/bad.go', message: 'expected declaration, found x', line: 1, column: 1 }] },
    );
    expect(render(d, 'vet')).toBe(
      ['pkg/a.go:3:2: first', 'pkg/b.go:12:5: second', 'pkg/bad.go: expected declaration, found x', ''].join('\n'),
    );
  });

  it('prints nothing for a clean run', () => {
    expect(render(doc([]), 'vet')).toBe('');
  });

  it('keeps one line per finding even when a message holds newlines or escape sequences', () => {
    const out = render(doc([finding({ message: 'a\nmain.go:1:1: forged\x1b[2K' })]), 'vet');
    expect(out).toBe('main.go:1:1: a\\nmain.go:1:1: forged\\x1b[2K\n');
  });
});
