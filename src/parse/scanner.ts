// Go lexical scanner: a port of go/scanner's behaviour (automatic semicolons, literal
// validation, error messages) working on a JS string. Comments are not returned as
// tokens; they are collected in `comments` because rules read directives from them.

import type { Comment } from './ast.js';
import { cleanPath, type LineInfo } from './lines.js';
import { Tok } from './token.js';

const EOF = -1;
const BOM = 0xfeff;

/**
 * A code point or EOF. Not plain `number`: next() changes `ch` behind TypeScript's back, and a
 * narrowed `this.ch` would make later comparisons look impossible.
 */
type Rune = -1 | (number & { readonly rune?: unique symbol });

export type ScanErrorHandler = (offset: number, message: string) => void;

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function isLetter(ch: number): boolean {
  return (
    (ch >= 0x61 && ch <= 0x7a) || (ch >= 0x41 && ch <= 0x5a) || ch === 0x5f || (ch >= 0x80 && LETTER.test(String.fromCodePoint(ch)))
  );
}

function isDigit(ch: number): boolean {
  return (ch >= 0x30 && ch <= 0x39) || (ch >= 0x80 && DIGIT.test(String.fromCodePoint(ch)));
}

function isDecimal(ch: number): boolean {
  return ch >= 0x30 && ch <= 0x39;
}

function lower(ch: number): number {
  return ch | 0x20;
}

function isHex(ch: number): boolean {
  return (ch >= 0x30 && ch <= 0x39) || (lower(ch) >= 0x61 && lower(ch) <= 0x66);
}

function digitVal(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
  const l = lower(ch);
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return 16;
}

/** Per ASCII code: 1 for a letter, digit or underscore. */
const ASCII_IDENT_PART = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_IDENT_PART[c] = isAsciiIdentPart(c) ? 1 : 0;

function isAsciiIdentPart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (c >= 0x30 && c <= 0x39);
}

/**
 * One string per identifier spelling, shared by every file a thread parses: a package says
 * `err`, `ctx` and `mu` thousands of times, and each occurrence was its own string to allocate,
 * keep alive with the tree, and hash again for every scope lookup. Only short names are kept
 * (a longer slice would hold on to its whole source file); the table starts over when full.
 */
const NAME_SLOTS = 1 << 16;
const NAME_MAX_LENGTH = 12;
let nameSlots: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS).fill(undefined);
const nameHashes = new Int32Array(NAME_SLOTS);
let namesHeld = 0;

/** Whether `src` holds `s` at `start` (compared here: a startsWith call costs more than a short name). */
function sameText(s: string, src: string, start: number): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) !== src.charCodeAt(start + k)) return false;
  return true;
}

/** src[start, end) (ASCII, `hash` as scanIdentifier computes it) as the table's string. */
function internName(src: string, start: number, end: number, hash: number): string {
  const length = end - start;
  if (length > NAME_MAX_LENGTH) return src.slice(start, end);
  const mask = NAME_SLOTS - 1;
  let i = hash & mask;
  for (let s = nameSlots[i]; s !== undefined; s = nameSlots[(i = (i + 1) & mask)]) {
    if (nameHashes[i] === hash && s.length === length && sameText(s, src, start)) return s;
  }
  if (namesHeld >= NAME_SLOTS >> 1) {
    nameSlots = new Array<string | undefined>(NAME_SLOTS).fill(undefined);
    namesHeld = 0;
    i = hash & mask;
  }
  const name = src.slice(start, end);
  nameSlots[i] = name;
  nameHashes[i] = hash;
  namesHeld++;
  return name;
}

export class Scanner {
  readonly src: string;
  private readonly onError: ScanErrorHandler;
  readonly comments: Comment[] = [];
  /** //line directives in source order (go/token's line infos); they do not move `pos`. */
  readonly lineInfos: LineInfo[];
  private readonly filename: string;
  /** filepath.Dir(filename): relative directive file names are relative to it. */
  private readonly dir: string;

  private ch: Rune = 0x20; // current character (code point), EOF = -1
  private offset = 0; // offset of ch
  private rdOffset = 0; // offset after ch
  private lineOffset = 0; // offset of the current line's start
  private insertSemi = false;

  // Results of the last scan().
  pos = 0;
  tok: Tok = Tok.ILLEGAL;
  lit = '';

  errorCount = 0;

  constructor(src: string, onError: ScanErrorHandler, filename = '', lineInfos: LineInfo[] = []) {
    this.src = src;
    this.onError = onError;
    this.filename = filename;
    this.lineInfos = lineInfos;
    const slash = filename.lastIndexOf('/');
    this.dir = slash < 0 ? '.' : cleanPath(filename.slice(0, slash + 1));
    this.next();
    if (this.ch === BOM) this.next(); // a BOM is ignored at the very start
  }

  private error(offset: number, message: string): void {
    this.errorCount++;
    this.onError(offset, message);
  }

  private next(): void {
    const src = this.src;
    if (this.rdOffset < src.length) {
      this.offset = this.rdOffset;
      if (this.ch === 0x0a) this.lineOffset = this.offset;
      let r = src.charCodeAt(this.rdOffset);
      let w = 1;
      if (r === 0) {
        this.error(this.offset, 'illegal character NUL');
      } else if (r >= 0x80) {
        if (r >= 0xd800 && r <= 0xdbff && this.rdOffset + 1 < src.length) {
          const lo = src.charCodeAt(this.rdOffset + 1);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            r = (r - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
            w = 2;
          }
        }
        if (r === BOM && this.offset > 0) this.error(this.offset, 'illegal byte order mark');
      }
      this.rdOffset += w;
      this.ch = r;
    } else {
      this.offset = src.length;
      if (this.ch === 0x0a) this.lineOffset = this.offset;
      this.ch = EOF;
    }
  }

  private peek(): number {
    return this.rdOffset < this.src.length ? this.src.charCodeAt(this.rdOffset) : 0;
  }

  /**
   * The common //-comment: jumps to the line end when nothing on the way needs a report or a
   * rewrite (NUL, byte order mark, CR), leaving the state as `next()` would; false otherwise.
   */
  private skipPlainLineComment(): boolean {
    const src = this.src;
    let nl = src.indexOf('\n', this.rdOffset);
    if (nl < 0) nl = src.length;
    for (let i = this.rdOffset; i < nl; i++) {
      const c = src.charCodeAt(i);
      if (c === 0 || c === 0x0d || c === BOM) return false;
    }
    if (nl < src.length) {
      this.offset = nl;
      this.rdOffset = nl + 1;
      this.ch = 0x0a;
    } else {
      this.offset = src.length;
      this.rdOffset = src.length;
      this.ch = EOF;
    }
    return true;
  }

  private scanComment(): void {
    // initial '/' already consumed; ch is '/' or '*'
    const offs = this.offset - 1;
    let valid = true;
    let numCR = 0;
    if (this.ch === 0x2f && this.skipPlainLineComment()) {
      // done: at the '\n' (or EOF) that ends it
    } else if (this.ch === 0x2f) {
      // //-style comment; the final '\n' is not part of it
      this.next();
      while (this.ch !== 0x0a && this.ch >= 0) {
        if (this.ch === 0x0d) numCR++;
        this.next();
      }
    } else {
      this.next();
      let terminated = false;
      while (this.ch >= 0) {
        const ch = this.ch;
        if (ch === 0x0d) numCR++;
        this.next();
        if (ch === 0x2a && this.ch === 0x2f) {
          this.next();
          terminated = true;
          break;
        }
      }
      if (!terminated) {
        this.error(offs, 'comment not terminated');
        valid = false;
      }
    }
    let text = this.src.slice(offs, this.offset);
    const isLine = text.charCodeAt(1) === 0x2f;
    if (numCR > 0 && isLine && text.charCodeAt(text.length - 1) === 0x0d) {
      text = text.slice(0, -1);
      numCR--;
    }
    if (valid && (!isLine || offs === this.lineOffset) && text.startsWith('line ', 2)) {
      // the directive applies from the line after a //-comment, right after a /*-comment
      this.lineDirective(this.offset + (isLine && this.ch === 0x0a ? 1 : 0), offs, text);
    }
    if (numCR > 0) text = text.replace(/\r/g, '');
    // as go/ast's Comment.End(): a CRLF line comment ends before its \r
    this.comments.push({ pos: offs, end: offs + text.length, text });
  }

  /** Validates and records a //line directive as go/scanner's updateLineInfo. */
  private lineDirective(next: number, offs: number, comment: string): void {
    let text = (comment.charCodeAt(1) === 0x2a ? comment.slice(0, -2) : comment).slice(7);
    offs += 7;
    let [i, n, ok] = trailingDigits(text);
    if (i === 0) return; // not a line directive
    if (!ok) {
      this.error(offs + i, 'invalid line number: ' + text.slice(i));
      return;
    }
    const maxLineCol = (1 << 30) - 1;
    let line = n;
    let column = 0;
    const [i2, n2, ok2] = trailingDigits(text.slice(0, i - 1));
    if (ok2) {
      // //line filename:line:col
      const colAt = i;
      i = i2;
      line = n2;
      column = n;
      if (n === 0 || n > maxLineCol) {
        this.error(offs + colAt, 'invalid column number: ' + text.slice(colAt));
        return;
      }
      text = text.slice(0, colAt - 1);
    }
    if (line === 0 || line > maxLineCol) {
      this.error(offs + i, 'invalid line number: ' + text.slice(i));
      return;
    }
    let filename = text.slice(0, i - 1);
    if (filename === '' && ok2) {
      filename = this.filenameAt(offs); // keep the current file name
    } else if (filename !== '') {
      filename = cleanPath(filename.startsWith('/') ? filename : this.dir + '/' + filename);
    }
    const infos = this.lineInfos;
    if ((infos.length === 0 || infos[infos.length - 1]!.offset < next) && next < this.src.length) {
      infos.push({ offset: next, filename, line, column });
    }
  }

  /** The file name positions at `offset` report, after the directives seen so far. */
  private filenameAt(offset: number): string {
    for (let i = this.lineInfos.length - 1; i >= 0; i--) {
      if (this.lineInfos[i]!.offset <= offset) return this.lineInfos[i]!.filename;
    }
    return this.filename;
  }

  /** After a '/', decides whether a comment sequence reaches a newline (for semicolon insertion). */
  private findLineEnd(): boolean {
    const saved = this.offset - 1; // initial '/'
    const result = this.findLineEndFrom();
    this.ch = 0x2f;
    this.offset = saved;
    this.rdOffset = saved + 1;
    this.next();
    return result;
  }

  private findLineEndFrom(): boolean {
    while (this.ch === 0x2f || this.ch === 0x2a) {
      if (this.ch === 0x2f) return true; // //-comment always contains a newline
      this.next();
      while (this.ch >= 0) {
        const ch = this.ch;
        if (ch === 0x0a) return true;
        this.next();
        if (ch === 0x2a && this.ch === 0x2f) {
          this.next();
          break;
        }
      }
      this.skipWhitespace();
      if (this.ch < 0 || this.ch === 0x0a) return true;
      if (this.ch !== 0x2f) return false;
      this.next();
    }
    return false;
  }

  private scanIdentifier(): string {
    const offs = this.offset;
    const src = this.src;
    let i = this.rdOffset;
    const n = src.length;
    let hash = this.ch;
    for (; i < n; i++) {
      const c = src.charCodeAt(i);
      if (c >= 0x80 || ASCII_IDENT_PART[c] === 0) break;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (i < n && src.charCodeAt(i) >= 0x80) {
      this.rdOffset = i;
      this.next();
      while (isLetter(this.ch) || isDigit(this.ch)) this.next();
    } else {
      // ASCII fast path: land directly on the next character
      this.rdOffset = i;
      if (i < n) {
        this.offset = i;
        this.ch = src.charCodeAt(i);
        this.rdOffset = i + 1;
        if (this.ch === 0) this.error(i, 'illegal character NUL');
      } else {
        this.offset = n;
        this.ch = EOF;
      }
      return internName(src, offs, i, hash);
    }
    return src.slice(offs, this.offset);
  }

  private digits(base: number, invalid: { at: number } | null): number {
    let digsep = 0;
    if (base <= 10) {
      const max = 0x30 + base;
      while (isDecimal(this.ch) || this.ch === 0x5f) {
        let ds = 1;
        if (this.ch === 0x5f) ds = 2;
        else if (this.ch >= max && invalid && invalid.at < 0) invalid.at = this.offset;
        digsep |= ds;
        this.next();
      }
    } else {
      while (isHex(this.ch) || this.ch === 0x5f) {
        digsep |= this.ch === 0x5f ? 2 : 1;
        this.next();
      }
    }
    return digsep;
  }

  private scanNumber(): Tok {
    const offs = this.offset;
    let tok = Tok.ILLEGAL;
    let base = 10;
    let prefix = 0; // 0 decimal, '0' octal, 'x', 'o', 'b'
    let digsep = 0;
    const invalid = { at: -1 };

    if (this.ch !== 0x2e) {
      tok = Tok.INT;
      if (this.ch === 0x30) {
        this.next();
        switch (lower(this.ch)) {
          case 0x78:
            this.next();
            base = 16;
            prefix = 0x78;
            break;
          case 0x6f:
            this.next();
            base = 8;
            prefix = 0x6f;
            break;
          case 0x62:
            this.next();
            base = 2;
            prefix = 0x62;
            break;
          default:
            base = 8;
            prefix = 0x30;
            digsep = 1; // leading 0
        }
      }
      digsep |= this.digits(base, invalid);
    }

    if (this.ch === 0x2e) {
      tok = Tok.FLOAT;
      if (prefix === 0x6f || prefix === 0x62) this.error(this.offset, 'invalid radix point in ' + litname(prefix));
      this.next();
      digsep |= this.digits(base, invalid);
    }

    if ((digsep & 1) === 0) this.error(this.offset, litname(prefix) + ' has no digits');

    const e = lower(this.ch);
    if (e === 0x65 || e === 0x70) {
      if (e === 0x65 && prefix !== 0 && prefix !== 0x30) {
        this.error(this.offset, `'${String.fromCharCode(this.ch)}' exponent requires decimal mantissa`);
      } else if (e === 0x70 && prefix !== 0x78) {
        this.error(this.offset, `'${String.fromCharCode(this.ch)}' exponent requires hexadecimal mantissa`);
      }
      this.next();
      tok = Tok.FLOAT;
      if (this.ch === 0x2b || this.ch === 0x2d) this.next();
      const ds = this.digits(10, null);
      digsep |= ds;
      if ((ds & 1) === 0) this.error(this.offset, 'exponent has no digits');
    } else if (prefix === 0x78 && tok === Tok.FLOAT) {
      this.error(this.offset, "hexadecimal mantissa requires a 'p' exponent");
    }

    if (this.ch === 0x69) {
      tok = Tok.IMAG;
      this.next();
    }

    const lit = this.src.slice(offs, this.offset);
    if (tok === Tok.INT && invalid.at >= 0) {
      this.error(invalid.at, `invalid digit '${lit[invalid.at - offs]}' in ${litname(prefix)}`);
    }
    if (digsep & 2) {
      const i = invalidSep(lit);
      if (i >= 0) this.error(offs + i, "'_' must separate successive digits");
    }
    this.lit = lit;
    return tok;
  }

  private scanEscape(quote: number): boolean {
    const offs = this.offset;
    let n: number;
    let base: number;
    let max: number;
    switch (this.ch) {
      case 0x61: // a
      case 0x62: // b
      case 0x66: // f
      case 0x6e: // n
      case 0x72: // r
      case 0x74: // t
      case 0x76: // v
      case 0x5c: // backslash
      case quote:
        this.next();
        return true;
      case 0x30:
      case 0x31:
      case 0x32:
      case 0x33:
      case 0x34:
      case 0x35:
      case 0x36:
      case 0x37:
        n = 3;
        base = 8;
        max = 255;
        break;
      case 0x78: // x
        this.next();
        n = 2;
        base = 16;
        max = 255;
        break;
      case 0x75: // u
        this.next();
        n = 4;
        base = 16;
        max = 0x10ffff;
        break;
      case 0x55: // U
        this.next();
        n = 8;
        base = 16;
        max = 0x10ffff;
        break;
      default:
        this.error(offs, this.ch < 0 ? 'escape sequence not terminated' : 'unknown escape sequence');
        return false;
    }
    let x = 0;
    while (n > 0) {
      const d = digitVal(this.ch);
      if (d >= base) {
        this.error(
          this.offset,
          this.ch < 0 ? 'escape sequence not terminated' : `illegal character ${formatRune(this.ch)} in escape sequence`,
        );
        return false;
      }
      x = x * base + d;
      this.next();
      n--;
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) {
      this.error(offs, 'escape sequence is invalid Unicode code point');
      return false;
    }
    return true;
  }

  private scanRune(): void {
    const offs = this.offset - 1;
    let valid = true;
    let n = 0;
    for (;;) {
      const ch = this.ch;
      if (ch === 0x0a || ch < 0) {
        if (valid) {
          this.error(offs, 'rune literal not terminated');
          valid = false;
        }
        break;
      }
      this.next();
      if (ch === 0x27) break;
      n++;
      if (ch === 0x5c) {
        if (!this.scanEscape(0x27)) valid = false;
      }
    }
    if (valid && n !== 1) this.error(offs, 'illegal rune literal');
    this.lit = this.src.slice(offs, this.offset);
  }

  private scanString(): void {
    const offs = this.offset - 1;
    const src = this.src;
    // fast path: plain ASCII string without escapes
    let i = this.offset;
    for (;;) {
      const c = i < src.length ? src.charCodeAt(i) : -1;
      if (c === 0x22) {
        this.rdOffset = i;
        this.next(); // at the closing quote
        this.next();
        this.lit = src.slice(offs, this.offset);
        return;
      }
      if (c < 0x20 || c === 0x5c || c >= 0x80) break;
      i++;
    }
    for (;;) {
      const ch = this.ch;
      if (ch === 0x0a || ch < 0) {
        this.error(offs, 'string literal not terminated');
        break;
      }
      this.next();
      if (ch === 0x22) break;
      if (ch === 0x5c) this.scanEscape(0x22);
    }
    this.lit = src.slice(offs, this.offset);
  }

  private scanRawString(): void {
    const offs = this.offset - 1;
    let hasCR = false;
    const src = this.src;
    const close = src.indexOf('`', this.offset);
    if (close >= 0) {
      // check the body for NUL, BOM and CR, which next() would have reported
      const body = src.slice(this.offset, close);
      if (/[\0\r\ufeff]/.test(body)) {
        for (;;) {
          const ch = this.ch;
          this.next();
          if (ch === 0x60) break;
          if (ch === 0x0d) hasCR = true;
        }
      } else {
        this.rdOffset = close;
        this.next();
        this.next();
      }
    } else {
      for (;;) {
        const ch = this.ch;
        if (ch < 0) {
          this.error(offs, 'raw string literal not terminated');
          break;
        }
        this.next();
        if (ch === 0x60) break;
        if (ch === 0x0d) hasCR = true;
      }
    }
    let lit = src.slice(offs, this.offset);
    if (hasCR) lit = lit.replace(/\r/g, '');
    this.lit = lit;
  }

  private skipWhitespace(): void {
    for (;;) {
      const ch = this.ch;
      if (ch === 0x20 || ch === 0x09) {
        // a run of blanks (indentation) in one loop; next() then lands on what follows
        const src = this.src;
        let i = this.rdOffset;
        for (let c = src.charCodeAt(i); c === 0x20 || c === 0x09; c = src.charCodeAt(++i));
        this.rdOffset = i;
        this.next();
      } else if (ch === 0x0d || (ch === 0x0a && !this.insertSemi)) this.next();
      else return;
    }
  }

  private switch2(tok0: Tok, tok1: Tok): Tok {
    if (this.ch === 0x3d) {
      this.next();
      return tok1;
    }
    return tok0;
  }

  private switch3(tok0: Tok, tok1: Tok, ch2: number, tok2: Tok): Tok {
    if (this.ch === 0x3d) {
      this.next();
      return tok1;
    }
    if (this.ch === ch2) {
      this.next();
      return tok2;
    }
    return tok0;
  }

  private switch4(tok0: Tok, tok1: Tok, ch2: number, tok2: Tok, tok3: Tok): Tok {
    if (this.ch === 0x3d) {
      this.next();
      return tok1;
    }
    if (this.ch === ch2) {
      this.next();
      if (this.ch === 0x3d) {
        this.next();
        return tok3;
      }
      return tok2;
    }
    return tok0;
  }

  /** Scans the next token into pos/tok/lit. */
  scan(): void {
    for (;;) {
      this.skipWhitespace();
      const pos = this.offset;
      this.pos = pos;
      let insertSemi = false;
      const ch = this.ch;
      let tok: Tok;
      let lit = '';
      if (isLetter(ch)) {
        lit = this.scanIdentifier();
        tok = lit.length > 1 ? keyword(lit) : Tok.IDENT;
        if (tok === Tok.IDENT || tok === Tok.BREAK || tok === Tok.CONTINUE || tok === Tok.FALLTHROUGH || tok === Tok.RETURN) {
          insertSemi = true;
        }
      } else if (isDecimal(ch) || (ch === 0x2e && isDecimal(this.peek()))) {
        insertSemi = true;
        tok = this.scanNumber();
        lit = this.lit;
      } else {
        this.next(); // always make progress
        switch (ch) {
          case EOF:
            if (this.insertSemi) {
              this.insertSemi = false;
              this.set(pos, Tok.SEMICOLON, '\n');
              return;
            }
            tok = Tok.EOF;
            break;
          case 0x0a:
            this.insertSemi = false;
            this.set(pos, Tok.SEMICOLON, '\n');
            return;
          case 0x22:
            insertSemi = true;
            tok = Tok.STRING;
            this.scanString();
            lit = this.lit;
            break;
          case 0x27:
            insertSemi = true;
            tok = Tok.CHAR;
            this.scanRune();
            lit = this.lit;
            break;
          case 0x60:
            insertSemi = true;
            tok = Tok.STRING;
            this.scanRawString();
            lit = this.lit;
            break;
          case 0x3a:
            tok = this.switch2(Tok.COLON, Tok.DEFINE);
            break;
          case 0x2e:
            tok = Tok.PERIOD;
            if (this.ch === 0x2e && this.peek() === 0x2e) {
              this.next();
              this.next();
              tok = Tok.ELLIPSIS;
            }
            break;
          case 0x2c:
            tok = Tok.COMMA;
            break;
          case 0x3b:
            tok = Tok.SEMICOLON;
            lit = ';';
            break;
          case 0x28:
            tok = Tok.LPAREN;
            break;
          case 0x29:
            insertSemi = true;
            tok = Tok.RPAREN;
            break;
          case 0x5b:
            tok = Tok.LBRACK;
            break;
          case 0x5d:
            insertSemi = true;
            tok = Tok.RBRACK;
            break;
          case 0x7b:
            tok = Tok.LBRACE;
            break;
          case 0x7d:
            insertSemi = true;
            tok = Tok.RBRACE;
            break;
          case 0x2b:
            tok = this.switch3(Tok.ADD, Tok.ADD_ASSIGN, 0x2b, Tok.INC);
            if (tok === Tok.INC) insertSemi = true;
            break;
          case 0x2d:
            tok = this.switch3(Tok.SUB, Tok.SUB_ASSIGN, 0x2d, Tok.DEC);
            if (tok === Tok.DEC) insertSemi = true;
            break;
          case 0x2a:
            tok = this.switch2(Tok.MUL, Tok.MUL_ASSIGN);
            break;
          case 0x2f:
            if (this.ch === 0x2f || this.ch === 0x2a) {
              if (this.insertSemi && this.findLineEnd()) {
                // reset to the comment start; the comment is scanned with the next token
                this.ch = 0x2f;
                this.offset = pos;
                this.rdOffset = pos + 1;
                this.insertSemi = false;
                this.set(pos, Tok.SEMICOLON, '\n');
                return;
              }
              this.scanComment();
              this.insertSemi = false;
              continue;
            }
            tok = this.switch2(Tok.QUO, Tok.QUO_ASSIGN);
            break;
          case 0x25:
            tok = this.switch2(Tok.REM, Tok.REM_ASSIGN);
            break;
          case 0x5e:
            tok = this.switch2(Tok.XOR, Tok.XOR_ASSIGN);
            break;
          case 0x3c:
            if (this.ch === 0x2d) {
              this.next();
              tok = Tok.ARROW;
            } else {
              tok = this.switch4(Tok.LSS, Tok.LEQ, 0x3c, Tok.SHL, Tok.SHL_ASSIGN);
            }
            break;
          case 0x3e:
            tok = this.switch4(Tok.GTR, Tok.GEQ, 0x3e, Tok.SHR, Tok.SHR_ASSIGN);
            break;
          case 0x3d:
            tok = this.switch2(Tok.ASSIGN, Tok.EQL);
            break;
          case 0x21:
            tok = this.switch2(Tok.NOT, Tok.NEQ);
            break;
          case 0x26:
            if (this.ch === 0x5e) {
              this.next();
              tok = this.switch2(Tok.AND_NOT, Tok.AND_NOT_ASSIGN);
            } else {
              tok = this.switch3(Tok.AND, Tok.AND_ASSIGN, 0x26, Tok.LAND);
            }
            break;
          case 0x7c:
            tok = this.switch3(Tok.OR, Tok.OR_ASSIGN, 0x7c, Tok.LOR);
            break;
          case 0x7e:
            tok = Tok.TILDE;
            break;
          default:
            if (ch !== BOM) this.error(pos, `illegal character ${formatRune(ch)}`);
            insertSemi = this.insertSemi;
            tok = Tok.ILLEGAL;
            lit = String.fromCodePoint(ch);
        }
      }
      this.insertSemi = insertSemi;
      this.set(pos, tok, lit);
      return;
    }
  }

  private set(pos: number, tok: Tok, lit: string): void {
    this.pos = pos;
    this.tok = tok;
    this.lit = lit;
  }
}

function keyword(lit: string): Tok {
  // Keywords start with one of these letters; skip the map lookup for everything else.
  switch (lit.charCodeAt(0)) {
    case 0x62: // b
      return lit === 'break' ? Tok.BREAK : Tok.IDENT;
    case 0x63: // c
      return lit === 'case' ? Tok.CASE : lit === 'chan' ? Tok.CHAN : lit === 'const' ? Tok.CONST : lit === 'continue' ? Tok.CONTINUE : Tok.IDENT;
    case 0x64: // d
      return lit === 'default' ? Tok.DEFAULT : lit === 'defer' ? Tok.DEFER : Tok.IDENT;
    case 0x65: // e
      return lit === 'else' ? Tok.ELSE : Tok.IDENT;
    case 0x66: // f
      return lit === 'for' ? Tok.FOR : lit === 'func' ? Tok.FUNC : lit === 'fallthrough' ? Tok.FALLTHROUGH : Tok.IDENT;
    case 0x67: // g
      return lit === 'go' ? Tok.GO : lit === 'goto' ? Tok.GOTO : Tok.IDENT;
    case 0x69: // i
      return lit === 'if' ? Tok.IF : lit === 'import' ? Tok.IMPORT : lit === 'interface' ? Tok.INTERFACE : Tok.IDENT;
    case 0x6d: // m
      return lit === 'map' ? Tok.MAP : Tok.IDENT;
    case 0x70: // p
      return lit === 'package' ? Tok.PACKAGE : Tok.IDENT;
    case 0x72: // r
      return lit === 'range' ? Tok.RANGE : lit === 'return' ? Tok.RETURN : Tok.IDENT;
    case 0x73: // s
      return lit === 'select' ? Tok.SELECT : lit === 'struct' ? Tok.STRUCT : lit === 'switch' ? Tok.SWITCH : Tok.IDENT;
    case 0x74: // t
      return lit === 'type' ? Tok.TYPE : Tok.IDENT;
    case 0x76: // v
      return lit === 'var' ? Tok.VAR : Tok.IDENT;
  }
  return Tok.IDENT;
}

/** For `text:digits`: index after the last ':', the number, whether the digits parse as uint64. */
function trailingDigits(text: string): [number, number, boolean] {
  const i = text.lastIndexOf(':');
  if (i < 0) return [0, 0, false];
  const digits = text.slice(i + 1);
  const ok = /^[0-9]+$/.test(digits) && BigInt(digits) < 1n << 64n;
  return [i + 1, ok ? Number(digits) : 0, ok];
}

function litname(prefix: number): string {
  switch (prefix) {
    case 0x78:
      return 'hexadecimal literal';
    case 0x6f:
    case 0x30:
      return 'octal literal';
    case 0x62:
      return 'binary literal';
  }
  return 'decimal literal';
}

/** Index of the first invalid '_' separator in a number literal, or -1 (go/scanner invalidSep). */
function invalidSep(x: string): number {
  let x1 = 0x20;
  let d = 0x2e; // '.' anything else, '0' digit, '_'
  let i = 0;
  if (x.length >= 2 && x.charCodeAt(0) === 0x30) {
    x1 = lower(x.charCodeAt(1));
    if (x1 === 0x78 || x1 === 0x6f || x1 === 0x62) {
      d = 0x30;
      i = 2;
    }
  }
  for (; i < x.length; i++) {
    const p = d;
    d = x.charCodeAt(i);
    if (d === 0x5f) {
      if (p !== 0x30) return i;
    } else if (isDecimal(d) || (x1 === 0x78 && isHex(d))) {
      d = 0x30;
    } else {
      if (p === 0x5f) return i - 1;
      d = 0x2e;
    }
  }
  if (d === 0x5f) return x.length - 1;
  return -1;
}

function formatRune(ch: number): string {
  const hex = ch.toString(16).toUpperCase().padStart(4, '0');
  const printable = ch >= 0x20 && ch !== 0x7f && !(ch >= 0x80 && ch < 0xa0);
  return printable ? `U+${hex} '${String.fromCodePoint(ch)}'` : `U+${hex}`;
}
