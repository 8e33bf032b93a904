// Go parser: a faithful port of go/parser (Go 1.19+ grammar, generics included) so that
// gohazard accepts exactly the files the Go toolchain accepts, with the same error recovery
// (resync at the next statement or declaration, at most 10 errors, one per line).

import type * as ast from './ast.js';
import { ChanDir } from './ast.js';
import { adjustedPosition, LineIndex, type LineInfo } from './lines.js';
import { Scanner } from './scanner.js';
import { isLiteralToken, LOWEST_PREC, precedence, Tok, tokenString } from './token.js';

export interface SyntaxError {
  /** Offset into the source string. */
  offset: number;
  message: string;
}

export interface ParseResult {
  file: ast.File;
  errors: SyntaxError[];
}

/** Deepest nesting accepted, as go/parser's maxNestLev. */
const MAX_NEST_LEV = 100000;
/** Parsing stops at the next error once more than this many are kept, as go/parser without AllErrors. */
const MAX_ERRORS = 10;

class Bailout {}

/**
 * The current token. Not plain `Tok`: next() changes it behind TypeScript's back, and a
 * narrowed `this.tok` would make later comparisons look impossible.
 */
type LooseTok = Tok | (number & { readonly loose?: unique symbol });

const enum Mode {
  basic,
  labelOk,
  rangeOk,
}

const STMT_START = new Set<Tok>([
  Tok.BREAK, Tok.CONST, Tok.CONTINUE, Tok.DEFER, Tok.FALLTHROUGH, Tok.FOR, Tok.GO, Tok.GOTO,
  Tok.IF, Tok.RETURN, Tok.SELECT, Tok.SWITCH, Tok.TYPE, Tok.VAR,
]);
const DECL_START = new Set<Tok>([Tok.CONST, Tok.TYPE, Tok.VAR]);
const EXPR_END = new Set<Tok>([Tok.COMMA, Tok.COLON, Tok.SEMICOLON, Tok.RPAREN, Tok.RBRACK, Tok.RBRACE]);

export interface ParseOptions {
  /** The file's name: //line directives with a relative file name are relative to it. */
  filename?: string;
}

/** Parses one Go source file. Never throws: syntax errors are returned with a best-effort tree. */
export function parseFile(src: string, options: ParseOptions = {}): ParseResult {
  const p = new Parser(src, options.filename ?? '');
  let file: ast.File | null = null;
  try {
    file = p.parseFile();
  } catch (err) {
    // Nesting that exhausts the JS stack before go/parser's depth limit ends the parse with an
    // error; a bug in the parser must not end the whole scan either, but stays visible as one.
    if (isStackOverflow(err)) {
      p.errors.push({ offset: p.pos, message: 'source nested too deeply to parse' });
    } else if (!(err instanceof Bailout)) {
      p.errors.push({ offset: p.pos, message: `internal parser error: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  if (!file) file = emptyFile(src, p);
  p.sortErrors();
  return { file, errors: p.errors };
}

function isStackOverflow(err: unknown): boolean {
  // V8 and JavaScriptCore throw a RangeError, SpiderMonkey an InternalError ("too much recursion")
  if (err instanceof RangeError) return /call stack/i.test(err.message);
  return err instanceof Error && err.name === 'InternalError' && /recursion/i.test(err.message);
}

function emptyFile(src: string, p: Parser): ast.File {
  return {
    kind: 'File',
    parent: undefined,
    pre: -1,
    pos: 0,
    end: src.length,
    package: -1,
    name: { kind: 'Ident', parent: undefined, pre: -1, ref: undefined, pos: 0, end: 0, name: '' },
    decls: p.decls,
    imports: p.imports,
    comments: p.scanner.comments,
  };
}

interface ParamField {
  name: ast.Ident | null;
  typ: ast.Expr | null;
}

class Parser {
  readonly scanner: Scanner;
  readonly errors: SyntaxError[] = [];
  readonly imports: ast.ImportSpec[] = [];
  decls: ast.Decl[] = [];
  private readonly src: string;
  private readonly filename: string;
  /** //line directives, filled by the scanner (which may report errors before it is assigned). */
  private readonly lineInfos: LineInfo[] = [];
  private lineIndex: LineIndex | null = null;
  private lastErrorLine = -1;

  pos = 0;
  tok: LooseTok = Tok.ILLEGAL;
  lit = '';

  private syncPos = -1;
  private syncCnt = 0;
  private exprLev = 0;
  private inRhs = false;
  private nestLev = 0;

  constructor(src: string, filename: string) {
    this.src = src;
    this.filename = filename;
    // Scanner errors are recorded as they come (go/parser adds them without the per-line filter).
    this.scanner = new Scanner(src, (offset, message) => {
      this.errors.push({ offset, message });
      this.lastErrorLine = this.errorLine(offset);
    }, filename, this.lineInfos);
  }

  // -------------------------------------------------------------------------
  // Support

  private next(): void {
    const s = this.scanner;
    s.scan();
    this.pos = s.pos;
    this.tok = s.tok;
    this.lit = s.lit;
  }

  private lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.src));
  }

  /** The line go/parser compares to keep one error per line: //line directives apply. */
  private errorLine(offset: number): number {
    const infos = this.lineInfos;
    if (infos.length === 0) return this.lines().line(offset);
    return adjustedPosition(this.lines(), infos, this.filename, offset).line;
  }

  /** Sorts the errors as go/parser does: by position (as //line directives say), then message. */
  sortErrors(): void {
    const byMessage = (a: SyntaxError, b: SyntaxError): number => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
    const infos = this.lineInfos;
    if (infos.length === 0) {
      this.errors.sort((a, b) => a.offset - b.offset || byMessage(a, b));
      return;
    }
    const keys = new Map(this.errors.map((e) => [e, adjustedPosition(this.lines(), infos, this.filename, e.offset)]));
    this.errors.sort((a, b) => {
      const p = keys.get(a)!;
      const q = keys.get(b)!;
      if (p.filename !== q.filename) return p.filename < q.filename ? -1 : 1;
      return p.line - q.line || p.column - q.column || byMessage(a, b);
    });
  }

  error(offset: number, message: string): void {
    // Keep one error per line (as //line directives number lines) and stop once more than ten
    // are kept, as go/parser does without AllErrors.
    const line = this.errorLine(offset);
    const n = this.errors.length;
    if (n > 0 && this.lastErrorLine === line) return;
    if (n > MAX_ERRORS) throw new Bailout();
    this.errors.push({ offset, message });
    this.lastErrorLine = line;
  }

  private errorExpected(offset: number, what: string): void {
    let msg = 'expected ' + what;
    if (offset === this.pos) {
      if (this.tok === Tok.SEMICOLON && this.lit === '\n') msg += ', found newline';
      else if (isLiteralToken(this.tok)) msg += ', found ' + this.lit;
      else msg += ", found '" + tokenString(this.tok) + "'";
    }
    this.error(offset, msg);
  }

  private expect(tok: Tok): number {
    const pos = this.pos;
    if (this.tok !== tok) this.errorExpected(pos, "'" + tokenString(tok) + "'");
    this.next();
    return pos;
  }

  /** Like expect, but returns -1 when the token is missing. */
  private expect2(tok: Tok): number {
    let pos = -1;
    if (this.tok === tok) pos = this.pos;
    else this.errorExpected(this.pos, "'" + tokenString(tok) + "'");
    this.next();
    return pos;
  }

  private expectClosing(tok: Tok, context: string): number {
    if (this.tok !== tok && this.tok === Tok.SEMICOLON && this.lit === '\n') {
      this.error(this.pos, "missing ',' before newline in " + context);
      this.next();
    }
    return this.expect(tok);
  }

  private expectSemi(): void {
    if (this.tok !== Tok.RPAREN && this.tok !== Tok.RBRACE) {
      switch (this.tok) {
        case Tok.COMMA:
          this.errorExpected(this.pos, "';'");
          this.next();
          break;
        case Tok.SEMICOLON:
          this.next();
          break;
        default:
          this.errorExpected(this.pos, "';'");
          this.advance(STMT_START);
      }
    }
  }

  private atComma(context: string, follow: Tok): boolean {
    if (this.tok === Tok.COMMA) return true;
    if (this.tok !== follow) {
      let msg = "missing ','";
      if (this.tok === Tok.SEMICOLON && this.lit === '\n') msg += ' before newline';
      this.error(this.pos, msg + ' in ' + context);
      return true; // "insert" a comma and continue
    }
    return false;
  }

  /** Skips tokens until one in `to` (or EOF), guaranteeing progress across repeated calls. */
  private advance(to: Set<Tok>): void {
    for (; this.tok !== Tok.EOF; this.next()) {
      if (to.has(this.tok)) {
        if (this.pos === this.syncPos && this.syncCnt < 10) {
          this.syncCnt++;
          return;
        }
        if (this.pos > this.syncPos) {
          this.syncPos = this.pos;
          this.syncCnt = 0;
          return;
        }
      }
    }
  }

  /**
   * End positions computed as a token's position + 1 lie past the end of the file when that
   * token was missing at EOF; go/parser clamps them to EOF where it builds Bad nodes.
   */
  private safePos(offset: number): number {
    return Math.min(offset, this.src.length);
  }

  private incNest(): void {
    if (++this.nestLev > MAX_NEST_LEV) {
      this.error(this.pos, 'exceeded max nesting depth');
      throw new Bailout();
    }
  }

  // -------------------------------------------------------------------------
  // Identifiers

  private parseIdent(): ast.Ident {
    const pos = this.pos;
    if (this.tok === Tok.IDENT) {
      const name = this.lit;
      this.next();
      return { kind: 'Ident', parent: undefined, pre: -1, ref: undefined, pos, end: pos + name.length, name };
    }
    this.expect(Tok.IDENT);
    return blankIdent(pos);
  }

  private parseIdentList(): ast.Ident[] {
    const list = [this.parseIdent()];
    while (this.tok === Tok.COMMA) {
      this.next();
      list.push(this.parseIdent());
    }
    return exact(list);
  }

  // -------------------------------------------------------------------------
  // Common productions

  private parseExprList(): ast.Expr[] {
    const list = [this.checkExpr(this.parseExpr())];
    while (this.tok === Tok.COMMA) {
      this.next();
      list.push(this.checkExpr(this.parseExpr()));
    }
    return exact(list);
  }

  private parseList(inRhs: boolean): ast.Expr[] {
    const old = this.inRhs;
    this.inRhs = inRhs;
    const list = this.parseExprList();
    this.inRhs = old;
    return list;
  }

  // -------------------------------------------------------------------------
  // Types

  private parseType(): ast.Expr {
    const typ = this.tryIdentOrType();
    if (typ === null) {
      const pos = this.pos;
      this.errorExpected(pos, 'type');
      this.advance(EXPR_END);
      return bad(pos, this.pos);
    }
    return typ;
  }

  private parseQualifiedIdent(ident: ast.Ident): ast.Expr {
    let typ = this.parseTypeName(ident);
    if (this.tok === Tok.LBRACK) typ = this.parseTypeInstance(typ);
    return typ;
  }

  private parseTypeName(ident: ast.Ident | null): ast.Expr {
    const x = ident ?? this.parseIdent();
    if (this.tok === Tok.PERIOD) {
      this.next();
      const sel = this.parseIdent();
      return selector(x, sel);
    }
    return x;
  }

  /** `[` already consumed at lbrack; len is the already-parsed length, if any. */
  private parseArrayType(lbrack: number, len: ast.Expr | null): ast.ArrayType {
    if (len === null) {
      this.exprLev++;
      if (this.tok === Tok.ELLIPSIS) {
        len = { kind: 'Ellipsis', parent: undefined, pre: -1, pos: this.pos, end: this.pos + 3, elt: null };
        this.next();
      } else if (this.tok !== Tok.RBRACK) {
        len = this.parseRhs();
      }
      this.exprLev--;
    }
    if (this.tok === Tok.COMMA) {
      this.error(this.pos, 'unexpected comma; expecting ]');
      this.next();
    }
    this.expect(Tok.RBRACK);
    const elt = this.parseType();
    return { kind: 'ArrayType', parent: undefined, pre: -1, pos: lbrack, end: elt.end, len, elt };
  }

  private parseArrayFieldOrTypeInstance(x: ast.Ident): [ast.Ident | null, ast.Expr] {
    const lbrack = this.expect(Tok.LBRACK);
    const args: ast.Expr[] = [];
    if (this.tok !== Tok.RBRACK) {
      this.exprLev++;
      args.push(this.parseRhsOrType());
      while (this.tok === Tok.COMMA) {
        this.next();
        args.push(this.parseRhsOrType());
      }
      this.exprLev--;
    }
    const rbrack = this.expect(Tok.RBRACK);
    if (args.length === 0) {
      const elt = this.parseType();
      return [x, { kind: 'ArrayType', parent: undefined, pre: -1, pos: lbrack, end: elt.end, len: null, elt }];
    }
    if (args.length === 1) {
      const elt = this.tryIdentOrType();
      if (elt !== null) return [x, { kind: 'ArrayType', parent: undefined, pre: -1, pos: lbrack, end: elt.end, len: args[0]!, elt }];
    }
    return [null, packIndexExpr(x, lbrack, args, rbrack)];
  }

  private parseFieldDecl(): ast.Field {
    let names: ast.Ident[] = [];
    let typ: ast.Expr | null = null;
    if (this.tok === Tok.IDENT) {
      const name = this.parseIdent();
      if (this.tok === Tok.PERIOD || this.tok === Tok.STRING || this.tok === Tok.SEMICOLON || this.tok === Tok.RBRACE) {
        typ = name; // embedded type
        if (this.tok === Tok.PERIOD) typ = this.parseQualifiedIdent(name);
      } else {
        names = [name];
        while (this.tok === Tok.COMMA) {
          this.next();
          names.push(this.parseIdent());
        }
        // embedded instantiated type T[P1, P2] or a field of array type?
        if (names.length === 1 && this.tok === Tok.LBRACK) {
          const [n, t] = this.parseArrayFieldOrTypeInstance(name);
          typ = t;
          if (n === null) names = [];
        } else {
          typ = this.parseType();
        }
      }
    } else {
      typ = this.parseType(); // embedded, possibly generic type
    }
    let tag: ast.BasicLit | null = null;
    if (this.tok === Tok.STRING) {
      tag = this.basicLit();
    }
    this.expectSemi();
    return field(names, typ, tag);
  }

  private parseStructType(): ast.StructType {
    const pos = this.expect(Tok.STRUCT);
    const lbrace = this.expect(Tok.LBRACE);
    const list: ast.Field[] = [];
    while (this.tok === Tok.IDENT || this.tok === Tok.MUL || this.tok === Tok.LPAREN) {
      list.push(this.parseFieldDecl());
    }
    const rbrace = this.expect(Tok.RBRACE);
    const fields = fieldList(lbrace, list, rbrace);
    return { kind: 'StructType', parent: undefined, pre: -1, pos, end: fields.end, fields };
  }

  private parsePointerType(): ast.StarExpr {
    const star = this.expect(Tok.MUL);
    const base = this.parseType();
    return { kind: 'StarExpr', parent: undefined, pre: -1, pos: star, end: base.end, x: base };
  }

  private parseDotsType(): ast.Ellipsis {
    const pos = this.expect(Tok.ELLIPSIS);
    const elt = this.parseType();
    return { kind: 'Ellipsis', parent: undefined, pre: -1, pos, end: elt.end, elt };
  }

  private parseParamDecl(name: ast.Ident | null, typeSetsOK: boolean): ParamField {
    const f: ParamField = { name: null, typ: null };
    const ptok = this.tok;
    if (name !== null) {
      this.tok = Tok.IDENT; // force the IDENT case below
    } else if (typeSetsOK && this.tok === Tok.TILDE) {
      return { name: null, typ: this.embeddedElem(null) };
    }
    switch (this.tok) {
      case Tok.IDENT: {
        if (name !== null) {
          f.name = name;
          this.tok = ptok;
        } else {
          f.name = this.parseIdent();
        }
        switch (this.tok) {
          case Tok.IDENT:
          case Tok.MUL:
          case Tok.ARROW:
          case Tok.FUNC:
          case Tok.CHAN:
          case Tok.MAP:
          case Tok.STRUCT:
          case Tok.INTERFACE:
          case Tok.LPAREN:
            f.typ = this.parseType();
            break;
          case Tok.LBRACK: {
            const [n, t] = this.parseArrayFieldOrTypeInstance(f.name);
            f.name = n;
            f.typ = t;
            break;
          }
          case Tok.ELLIPSIS:
            f.typ = this.parseDotsType();
            return f;
          case Tok.PERIOD:
            f.typ = this.parseQualifiedIdent(f.name);
            f.name = null;
            break;
          case Tok.TILDE:
            if (typeSetsOK) {
              f.typ = this.embeddedElem(null);
              return f;
            }
            break;
          case Tok.OR:
            if (typeSetsOK) {
              f.typ = this.embeddedElem(f.name);
              f.name = null;
              return f;
            }
            break;
        }
        break;
      }
      case Tok.MUL:
      case Tok.ARROW:
      case Tok.FUNC:
      case Tok.LBRACK:
      case Tok.CHAN:
      case Tok.MAP:
      case Tok.STRUCT:
      case Tok.INTERFACE:
      case Tok.LPAREN:
        f.typ = this.parseType();
        break;
      case Tok.ELLIPSIS:
        f.typ = this.parseDotsType();
        return f;
      default:
        this.errorExpected(this.pos, "')'");
        this.advance(EXPR_END);
    }
    if (typeSetsOK && this.tok === Tok.OR && f.typ !== null) f.typ = this.embeddedElem(f.typ);
    return f;
  }

  private parseParameterList(name0: ast.Ident | null, typ0: ast.Expr | null, closing: Tok): ast.Field[] {
    const tparams = closing === Tok.RBRACK;
    const typeSetsOK = tparams;
    const pos = name0 !== null ? name0.pos : this.pos;
    const list: ParamField[] = [];
    let named = 0;
    while (name0 !== null || (this.tok !== closing && this.tok !== Tok.EOF)) {
      let par: ParamField;
      if (typ0 !== null) {
        if (typeSetsOK) typ0 = this.embeddedElem(typ0);
        par = { name: name0, typ: typ0 };
      } else {
        par = this.parseParamDecl(name0, typeSetsOK);
      }
      name0 = null;
      typ0 = null;
      if (par.name !== null || par.typ !== null) {
        list.push(par);
        if (par.name !== null && par.typ !== null) named++;
      }
      if (!this.atComma('parameter list', closing)) break;
      this.next();
    }
    if (list.length === 0) return [];

    if (named === 0) {
      // all unnamed: the names found are type names
      for (const par of list) {
        if (par.name !== null) {
          par.typ = par.name;
          par.name = null;
        }
      }
      if (tparams) this.error(pos, 'all type parameters must be named');
    } else if (named !== list.length) {
      // some named: all must be named
      let ok = true;
      let typ: ast.Expr | null = null;
      let missingName = pos;
      for (let i = list.length - 1; i >= 0; i--) {
        const par = list[i]!;
        if (par.typ !== null) {
          typ = par.typ;
          if (par.name === null) {
            ok = false;
            missingName = par.typ.pos;
            par.name = blankIdent(typ.pos);
          }
        } else if (typ !== null) {
          par.typ = typ;
        } else {
          ok = false;
          missingName = par.name!.pos;
          par.typ = bad(par.name!.pos, this.pos);
        }
      }
      if (!ok) {
        if (tparams) this.error(missingName, 'all type parameters must be named');
        else this.error(pos, 'mixed named and unnamed parameters');
      }
    }

    const params: ast.Field[] = [];
    if (named === 0) {
      for (const par of list) params.push(field([], par.typ, null));
      return params;
    }
    let names: ast.Ident[] = [];
    let typ: ast.Expr | null = null;
    for (const par of list) {
      if (par.typ !== typ) {
        if (names.length > 0) params.push(field(names, typ, null));
        names = [];
        typ = par.typ;
      }
      names.push(par.name!);
    }
    if (names.length > 0) params.push(field(names, typ, null));
    return params;
  }

  private parseParameters(acceptTParams: boolean): [ast.FieldList | null, ast.FieldList] {
    let tparams: ast.FieldList | null = null;
    if (acceptTParams && this.tok === Tok.LBRACK) {
      const opening = this.pos;
      this.next();
      const list = this.parseParameterList(null, null, Tok.RBRACK);
      const rbrack = this.expect(Tok.RBRACK);
      tparams = fieldList(opening, list, rbrack);
      if (numFields(tparams) === 0) {
        this.error(tparams.closing, 'empty type parameter list');
        tparams = null;
      }
    }
    const opening = this.expect(Tok.LPAREN);
    const fields = this.tok !== Tok.RPAREN ? this.parseParameterList(null, null, Tok.RPAREN) : [];
    const rparen = this.expect(Tok.RPAREN);
    return [tparams, fieldList(opening, fields, rparen)];
  }

  private parseResult(): ast.FieldList | null {
    if (this.tok === Tok.LPAREN) return this.parseParameters(false)[1];
    const typ = this.tryIdentOrType();
    if (typ !== null) return fieldList(-1, [field([], typ, null)], -1);
    return null;
  }

  private parseFuncType(): ast.FuncType {
    const pos = this.expect(Tok.FUNC);
    const [tparams, params] = this.parseParameters(true);
    if (tparams !== null) this.error(tparams.pos, 'function type must have no type parameters');
    const results = this.parseResult();
    return funcType(pos, null, params, results);
  }

  private parseMethodSpec(): ast.Field {
    let idents: ast.Ident[] = [];
    let typ: ast.Expr;
    const x = this.parseTypeName(null);
    if (x.kind === 'Ident') {
      const ident = x;
      if (this.tok === Tok.LBRACK) {
        // generic method or embedded instantiated type
        const lbrack = this.pos;
        this.next();
        this.exprLev++;
        const x2 = this.parseExpr();
        this.exprLev--;
        if (x2.kind === 'Ident' && this.tok !== Tok.COMMA && this.tok !== Tok.RBRACK) {
          // generic method m[T any]: parsed for a better error message
          this.parseParameterList(x2, null, Tok.RBRACK);
          this.expect(Tok.RBRACK);
          this.error(lbrack, 'interface method must have no type parameters');
          const [, params] = this.parseParameters(false);
          const results = this.parseResult();
          idents = [ident];
          typ = funcType(-1, null, params, results);
        } else {
          // embedded instantiated type
          const list: ast.Expr[] = [x2];
          if (this.atComma('type argument list', Tok.RBRACK)) {
            this.exprLev++;
            this.next();
            while (this.tok !== Tok.RBRACK && this.tok !== Tok.EOF) {
              list.push(this.parseType());
              if (!this.atComma('type argument list', Tok.RBRACK)) break;
              this.next();
            }
            this.exprLev--;
          }
          const rbrack = this.expectClosing(Tok.RBRACK, 'type argument list');
          typ = packIndexExpr(ident, lbrack, list, rbrack);
        }
      } else if (this.tok === Tok.LPAREN) {
        const [, params] = this.parseParameters(false);
        const results = this.parseResult();
        idents = [ident];
        typ = funcType(-1, null, params, results);
      } else {
        typ = x; // embedded type
      }
    } else {
      typ = x;
      if (this.tok === Tok.LBRACK) typ = this.parseTypeInstance(typ);
    }
    return field(idents, typ, null);
  }

  private embeddedElem(x: ast.Expr | null): ast.Expr {
    let e = x ?? this.embeddedTerm();
    while (this.tok === Tok.OR) {
      const opPos = this.pos;
      this.next();
      const y = this.embeddedTerm();
      e = { kind: 'BinaryExpr', parent: undefined, pre: -1, pos: e.pos, end: y.end, x: e, opPos, op: Tok.OR, y };
    }
    return e;
  }

  private embeddedTerm(): ast.Expr {
    if (this.tok === Tok.TILDE) {
      const opPos = this.pos;
      this.next();
      const x = this.parseType();
      return { kind: 'UnaryExpr', parent: undefined, pre: -1, pos: opPos, end: x.end, op: Tok.TILDE, x };
    }
    const t = this.tryIdentOrType();
    if (t === null) {
      const pos = this.pos;
      this.errorExpected(pos, '~ term or type');
      this.advance(EXPR_END);
      return bad(pos, this.pos);
    }
    return t;
  }

  private parseInterfaceType(): ast.InterfaceType {
    const pos = this.expect(Tok.INTERFACE);
    const lbrace = this.expect(Tok.LBRACE);
    const list: ast.Field[] = [];
    for (;;) {
      if (this.tok === Tok.IDENT) {
        const f = this.parseMethodSpec();
        if (f.names.length === 0) {
          f.type = this.embeddedElem(f.type);
          f.end = f.type.end;
        }
        this.expectSemi();
        list.push(f);
      } else if (this.tok === Tok.TILDE) {
        const typ = this.embeddedElem(null);
        this.expectSemi();
        list.push(field([], typ, null));
      } else {
        const t = this.tryIdentOrType();
        if (t === null) break;
        const typ = this.embeddedElem(t);
        this.expectSemi();
        list.push(field([], typ, null));
      }
    }
    const rbrace = this.expect(Tok.RBRACE);
    const methods = fieldList(lbrace, list, rbrace);
    return { kind: 'InterfaceType', parent: undefined, pre: -1, pos, end: methods.end, methods };
  }

  private parseMapType(): ast.MapType {
    const pos = this.expect(Tok.MAP);
    this.expect(Tok.LBRACK);
    const key = this.parseType();
    this.expect(Tok.RBRACK);
    const value = this.parseType();
    return { kind: 'MapType', parent: undefined, pre: -1, pos, end: value.end, key, value };
  }

  private parseChanType(): ast.ChanType {
    const pos = this.pos;
    let dir = ChanDir.BOTH;
    let arrow = -1;
    if (this.tok === Tok.CHAN) {
      this.next();
      if (this.tok === Tok.ARROW) {
        arrow = this.pos;
        this.next();
        dir = ChanDir.SEND;
      }
    } else {
      arrow = this.expect(Tok.ARROW);
      this.expect(Tok.CHAN);
      dir = ChanDir.RECV;
    }
    const value = this.parseType();
    return { kind: 'ChanType', parent: undefined, pre: -1, pos, end: value.end, arrow, dir, value };
  }

  private parseTypeInstance(typ: ast.Expr): ast.Expr {
    const opening = this.expect(Tok.LBRACK);
    this.exprLev++;
    const list: ast.Expr[] = [];
    while (this.tok !== Tok.RBRACK && this.tok !== Tok.EOF) {
      list.push(this.parseType());
      if (!this.atComma('type argument list', Tok.RBRACK)) break;
      this.next();
    }
    this.exprLev--;
    const closing = this.expectClosing(Tok.RBRACK, 'type argument list');
    if (list.length === 0) {
      this.errorExpected(closing, 'type argument list');
      return { kind: 'IndexExpr', parent: undefined, pre: -1, pos: typ.pos, end: closing + 1, x: typ, lbrack: opening, index: bad(opening + 1, closing), rbrack: closing };
    }
    return packIndexExpr(typ, opening, list, closing);
  }

  private tryIdentOrType(): ast.Expr | null {
    this.incNest();
    try {
      switch (this.tok) {
        case Tok.IDENT: {
          let typ = this.parseTypeName(null);
          if (this.tok === Tok.LBRACK) typ = this.parseTypeInstance(typ);
          return typ;
        }
        case Tok.LBRACK: {
          const lbrack = this.expect(Tok.LBRACK);
          return this.parseArrayType(lbrack, null);
        }
        case Tok.STRUCT:
          return this.parseStructType();
        case Tok.MUL:
          return this.parsePointerType();
        case Tok.FUNC:
          return this.parseFuncType();
        case Tok.INTERFACE:
          return this.parseInterfaceType();
        case Tok.MAP:
          return this.parseMapType();
        case Tok.CHAN:
        case Tok.ARROW:
          return this.parseChanType();
        case Tok.LPAREN: {
          const lparen = this.pos;
          this.next();
          const typ = this.parseType();
          const rparen = this.expect(Tok.RPAREN);
          return { kind: 'ParenExpr', parent: undefined, pre: -1, pos: lparen, end: rparen + 1, x: typ };
        }
      }
      return null;
    } finally {
      this.nestLev--;
    }
  }

  // -------------------------------------------------------------------------
  // Blocks

  private parseStmtList(): ast.Stmt[] {
    const list: ast.Stmt[] = [];
    while (this.tok !== Tok.CASE && this.tok !== Tok.DEFAULT && this.tok !== Tok.RBRACE && this.tok !== Tok.EOF) {
      list.push(this.parseStmt());
    }
    return exact(list);
  }

  private parseBlockStmt(): ast.BlockStmt {
    const lbrace = this.expect(Tok.LBRACE);
    const list = this.parseStmtList();
    const rbrace = this.expect2(Tok.RBRACE);
    return block(lbrace, list, rbrace);
  }

  // -------------------------------------------------------------------------
  // Expressions

  private parseFuncTypeOrLit(): ast.Expr {
    const typ = this.parseFuncType();
    if (this.tok !== Tok.LBRACE) return typ;
    this.exprLev++;
    const body = this.parseBlockStmt();
    this.exprLev--;
    return { kind: 'FuncLit', parent: undefined, pre: -1, pos: typ.pos, end: body.end, type: typ, body };
  }

  private basicLit(): ast.BasicLit {
    const pos = this.pos;
    const value = this.lit;
    const litKind = this.tok as ast.LitKind;
    this.next();
    // as go/ast: End() is pos + len(value), which falls short of the token's end when a raw
    // string's carriage returns were dropped from value
    return { kind: 'BasicLit', parent: undefined, pre: -1, pos, end: pos + value.length, litKind, value };
  }

  private parseOperand(): ast.Expr {
    switch (this.tok) {
      case Tok.IDENT:
        return this.parseIdent();
      case Tok.INT:
      case Tok.FLOAT:
      case Tok.IMAG:
      case Tok.CHAR:
      case Tok.STRING:
        return this.basicLit();
      case Tok.LPAREN: {
        const lparen = this.pos;
        this.next();
        this.exprLev++;
        const x = this.parseRhsOrType(); // types may be parenthesized: (some type)
        this.exprLev--;
        const rparen = this.expect(Tok.RPAREN);
        return { kind: 'ParenExpr', parent: undefined, pre: -1, pos: lparen, end: rparen + 1, x };
      }
      case Tok.FUNC:
        return this.parseFuncTypeOrLit();
    }
    const typ = this.tryIdentOrType();
    if (typ !== null) return typ; // a type for a composite literal or conversion
    const pos = this.pos;
    this.errorExpected(pos, 'operand');
    this.advance(STMT_START);
    return bad(pos, this.pos);
  }

  private parseSelector(x: ast.Expr): ast.Expr {
    const sel = this.parseIdent();
    return selector(x, sel);
  }

  private parseTypeAssertion(x: ast.Expr): ast.Expr {
    this.expect(Tok.LPAREN);
    let typ: ast.Expr | null = null;
    if (this.tok === Tok.TYPE) this.next(); // type switch: typ == null
    else typ = this.parseType();
    const rparen = this.expect(Tok.RPAREN);
    return { kind: 'TypeAssertExpr', parent: undefined, pre: -1, pos: x.pos, end: rparen + 1, x, type: typ };
  }

  private parseIndexOrSliceOrInstance(x: ast.Expr): ast.Expr {
    const lbrack = this.expect(Tok.LBRACK);
    if (this.tok === Tok.RBRACK) {
      // empty index: accepted for tolerance, but complain
      this.errorExpected(this.pos, 'operand');
      const rbrack = this.pos;
      this.next();
      return { kind: 'IndexExpr', parent: undefined, pre: -1, pos: x.pos, end: rbrack + 1, x, lbrack, index: bad(rbrack, rbrack), rbrack };
    }
    this.exprLev++;
    const index: (ast.Expr | null)[] = [null, null, null];
    const colons = [-1, -1];
    const args: ast.Expr[] = [];
    if (this.tok !== Tok.COLON) index[0] = this.parseRhsOrType();
    let ncolons = 0;
    if (this.tok === Tok.COLON) {
      while (this.tok === Tok.COLON && ncolons < 2) {
        colons[ncolons] = this.pos;
        ncolons++;
        this.next();
        if (this.tok !== Tok.COLON && this.tok !== Tok.RBRACK && this.tok !== Tok.EOF) index[ncolons] = this.parseRhs();
      }
    } else if (this.tok === Tok.COMMA) {
      args.push(index[0]!);
      while (this.tok === Tok.COMMA) {
        this.next();
        if (this.tok !== Tok.RBRACK && this.tok !== Tok.EOF) args.push(this.parseType());
      }
    }
    this.exprLev--;
    const rbrack = this.expect(Tok.RBRACK);
    if (ncolons > 0) {
      let slice3 = false;
      if (ncolons === 2) {
        slice3 = true;
        if (index[1] === null) {
          this.error(colons[0]!, '2nd index required in 3-index slice');
          index[1] = bad(colons[0]! + 1, colons[1]!);
        }
        if (index[2] === null) {
          this.error(colons[1]!, '3rd index required in 3-index slice');
          index[2] = bad(colons[1]! + 1, rbrack);
        }
      }
      return { kind: 'SliceExpr', parent: undefined, pre: -1, pos: x.pos, end: rbrack + 1, x, low: index[0]!, high: index[1]!, max: index[2]!, slice3 };
    }
    if (args.length === 0) {
      return { kind: 'IndexExpr', parent: undefined, pre: -1, pos: x.pos, end: rbrack + 1, x, lbrack, index: index[0]!, rbrack };
    }
    return packIndexExpr(x, lbrack, args, rbrack);
  }

  private parseCallOrConversion(fun: ast.Expr): ast.CallExpr {
    const lparen = this.expect(Tok.LPAREN);
    this.exprLev++;
    const list: ast.Expr[] = [];
    let ellipsis = -1;
    while (this.tok !== Tok.RPAREN && this.tok !== Tok.EOF && ellipsis < 0) {
      list.push(this.parseRhsOrType()); // builtins may take a type: make(T, n)
      if (this.tok === Tok.ELLIPSIS) {
        ellipsis = this.pos;
        this.next();
      }
      if (!this.atComma('argument list', Tok.RPAREN)) break;
      this.next();
    }
    this.exprLev--;
    const rparen = this.expectClosing(Tok.RPAREN, 'argument list');
    return { kind: 'CallExpr', parent: undefined, pre: -1, pos: fun.pos, end: rparen + 1, fun, lparen, args: exact(list), ellipsis, rparen };
  }

  private parseValue(): ast.Expr {
    if (this.tok === Tok.LBRACE) return this.parseLiteralValue(null);
    return this.checkExpr(this.parseExpr());
  }

  private parseElement(): ast.Expr {
    const x = this.parseValue();
    if (this.tok === Tok.COLON) {
      this.next();
      const value = this.parseValue();
      return { kind: 'KeyValueExpr', parent: undefined, pre: -1, pos: x.pos, end: value.end, key: x, value };
    }
    return x;
  }

  private parseElementList(): ast.Expr[] {
    const list: ast.Expr[] = [];
    while (this.tok !== Tok.RBRACE && this.tok !== Tok.EOF) {
      list.push(this.parseElement());
      if (!this.atComma('composite literal', Tok.RBRACE)) break;
      this.next();
    }
    return exact(list);
  }

  private parseLiteralValue(typ: ast.Expr | null): ast.Expr {
    const lbrace = this.expect(Tok.LBRACE);
    let elts: ast.Expr[] = [];
    this.exprLev++;
    if (this.tok !== Tok.RBRACE) elts = this.parseElementList();
    this.exprLev--;
    const rbrace = this.expectClosing(Tok.RBRACE, 'composite literal');
    return { kind: 'CompositeLit', parent: undefined, pre: -1, pos: typ !== null ? typ.pos : lbrace, end: rbrace + 1, type: typ, lbrace, elts, rbrace };
  }

  /** Checks that x is an expression and not a type. */
  private checkExpr(x: ast.Expr): ast.Expr {
    switch (unparen(x).kind) {
      case 'BadExpr':
      case 'Ident':
      case 'BasicLit':
      case 'FuncLit':
      case 'CompositeLit':
      case 'SelectorExpr':
      case 'IndexExpr':
      case 'IndexListExpr':
      case 'SliceExpr':
      case 'TypeAssertExpr':
      case 'CallExpr':
      case 'StarExpr':
      case 'UnaryExpr':
      case 'BinaryExpr':
        return x;
    }
    this.errorExpected(x.pos, 'expression');
    return bad(x.pos, this.safePos(x.end));
  }

  /** Checks that x is an expression or a type, and not a raw type such as [...]T. */
  private checkExprOrType(x: ast.Expr): ast.Expr {
    const t = unparen(x);
    if (t.kind === 'ArrayType' && t.len !== null && t.len.kind === 'Ellipsis') {
      this.error(t.len.pos, "expected array length, found '...'");
      return bad(x.pos, this.safePos(x.end));
    }
    return x;
  }

  private parsePrimaryExpr(x0: ast.Expr | null): ast.Expr {
    let x = x0 ?? this.parseOperand();
    let n = 0;
    try {
      for (;;) {
        n++;
        this.incNest();
        switch (this.tok) {
          case Tok.PERIOD: {
            this.next();
            if (this.tok === Tok.IDENT) {
              x = this.parseSelector(this.checkExprOrType(x));
            } else if (this.tok === Tok.LPAREN) {
              x = this.parseTypeAssertion(this.checkExpr(x));
            } else {
              const pos = this.pos;
              this.errorExpected(pos, 'selector or type assertion');
              if (this.tok !== Tok.RBRACE) this.next(); // make progress
              x = selector(x, blankIdent(pos));
            }
            break;
          }
          case Tok.LBRACK:
            x = this.parseIndexOrSliceOrInstance(this.checkExpr(x));
            break;
          case Tok.LPAREN:
            x = this.parseCallOrConversion(this.checkExprOrType(x));
            break;
          case Tok.LBRACE: {
            // composite literal or block?
            const t = unparen(x);
            switch (t.kind) {
              case 'BadExpr':
              case 'Ident':
              case 'SelectorExpr':
              case 'IndexExpr':
              case 'IndexListExpr':
                if (this.exprLev < 0) return x;
                break;
              case 'ArrayType':
              case 'StructType':
              case 'MapType':
                break;
              default:
                return x;
            }
            if (t !== x) this.error(t.pos, 'cannot parenthesize type in composite literal');
            x = this.parseLiteralValue(x);
            break;
          }
          default:
            return x;
        }
      }
    } finally {
      this.nestLev -= n;
    }
  }

  private parseUnaryExpr(): ast.Expr {
    this.incNest();
    try {
      switch (this.tok) {
        case Tok.ADD:
        case Tok.SUB:
        case Tok.NOT:
        case Tok.XOR:
        case Tok.AND:
        case Tok.TILDE: {
          const pos = this.pos;
          const op = this.tok;
          this.next();
          const x = this.checkExpr(this.parseUnaryExpr());
          return { kind: 'UnaryExpr', parent: undefined, pre: -1, pos, end: x.end, op, x };
        }
        case Tok.ARROW: {
          // channel type or receive expression
          let arrow = this.pos;
          this.next();
          const x = this.parseUnaryExpr();
          if (x.kind === 'ChanType') {
            // (<-type): re-associate the arrow with the channel type
            let typ: ast.ChanType | null = x;
            let dir = ChanDir.SEND;
            while (typ !== null && dir === ChanDir.SEND) {
              if (typ.dir === ChanDir.RECV) this.errorExpected(typ.arrow, "'chan'");
              const oldArrow = typ.arrow;
              typ.pos = arrow;
              typ.arrow = arrow;
              arrow = oldArrow;
              dir = typ.dir;
              typ.dir = ChanDir.RECV;
              typ = typ.value.kind === 'ChanType' ? typ.value : null;
            }
            if (dir === ChanDir.SEND) this.errorExpected(arrow, 'channel type');
            return x;
          }
          const operand = this.checkExpr(x);
          return { kind: 'UnaryExpr', parent: undefined, pre: -1, pos: arrow, end: operand.end, op: Tok.ARROW, x: operand };
        }
        case Tok.MUL: {
          const pos = this.pos;
          this.next();
          const x = this.checkExprOrType(this.parseUnaryExpr());
          return { kind: 'StarExpr', parent: undefined, pre: -1, pos, end: x.end, x };
        }
      }
      return this.parsePrimaryExpr(null);
    } finally {
      this.nestLev--;
    }
  }


  private parseBinaryExpr(x0: ast.Expr | null, prec1: number, check: boolean): ast.Expr {
    let x = x0 ?? this.parseUnaryExpr();
    let n = 0;
    try {
      for (;;) {
        n++;
        this.incNest();
        // in a right-hand side, `=` is read as `==` for a better error
        const op: Tok = this.inRhs && this.tok === Tok.ASSIGN ? Tok.EQL : this.tok;
        const oprec = precedence(op);
        if (oprec < prec1) return x;
        const opPos = this.expect(op);
        let y = this.parseBinaryExpr(null, oprec + 1, check);
        if (check) {
          x = this.checkExpr(x);
          y = this.checkExpr(y);
        }
        x = { kind: 'BinaryExpr', parent: undefined, pre: -1, pos: x.pos, end: y.end, x, opPos, op, y };
      }
    } finally {
      this.nestLev -= n;
    }
  }

  private parseExpr(): ast.Expr {
    return this.parseBinaryExpr(null, LOWEST_PREC + 1, true);
  }

  private parseRhs(): ast.Expr {
    const old = this.inRhs;
    this.inRhs = true;
    const x = this.checkExpr(this.parseExpr());
    this.inRhs = old;
    return x;
  }

  private parseRhsOrType(): ast.Expr {
    const old = this.inRhs;
    this.inRhs = true;
    const x = this.checkExprOrType(this.parseExpr());
    this.inRhs = old;
    return x;
  }

  // -------------------------------------------------------------------------
  // Statements

  /** Set by parseSimpleStmt: whether it parsed the assignment of a range clause. */
  private lastWasRange = false;

  private parseSimpleStmt(mode: Mode): ast.Stmt {
    this.lastWasRange = false;
    const x = this.parseList(false);
    switch (this.tok) {
      case Tok.DEFINE:
      case Tok.ASSIGN:
      case Tok.ADD_ASSIGN:
      case Tok.SUB_ASSIGN:
      case Tok.MUL_ASSIGN:
      case Tok.QUO_ASSIGN:
      case Tok.REM_ASSIGN:
      case Tok.AND_ASSIGN:
      case Tok.OR_ASSIGN:
      case Tok.XOR_ASSIGN:
      case Tok.SHL_ASSIGN:
      case Tok.SHR_ASSIGN:
      case Tok.AND_NOT_ASSIGN: {
        const tokPos = this.pos;
        const tok = this.tok;
        this.next();
        let y: ast.Expr[];
        let isRange = false;
        if (mode === Mode.rangeOk && this.tok === Tok.RANGE && (tok === Tok.DEFINE || tok === Tok.ASSIGN)) {
          const pos = this.pos;
          this.next();
          const rx = this.parseRhs();
          y = [{ kind: 'UnaryExpr', parent: undefined, pre: -1, pos, end: rx.end, op: Tok.RANGE, x: rx }];
          isRange = true;
        } else {
          y = this.parseList(true);
        }
        const as: ast.AssignStmt = { kind: 'AssignStmt', parent: undefined, pre: -1, pos: x[0]!.pos, end: y[y.length - 1]!.end, lhs: x, tokPos, tok, rhs: y };
        if (tok === Tok.DEFINE) this.checkAssignStmt(as);
        this.lastWasRange = isRange;
        return as;
      }
    }
    if (x.length > 1) this.errorExpected(x[0]!.pos, '1 expression');
    const x0 = x[0]!;
    switch (this.tok) {
      case Tok.COLON: {
        const colon = this.pos;
        this.next();
        if (mode === Mode.labelOk && x0.kind === 'Ident') {
          const stmt = this.parseStmt();
          return { kind: 'LabeledStmt', parent: undefined, pre: -1, pos: x0.pos, end: stmt.end, label: x0, stmt };
        }
        this.error(colon, 'illegal label declaration');
        return { kind: 'BadStmt', parent: undefined, pre: -1, pos: x0.pos, end: colon + 1 };
      }
      case Tok.ARROW: {
        const arrow = this.pos;
        this.next();
        const y = this.parseRhs();
        return { kind: 'SendStmt', parent: undefined, pre: -1, pos: x0.pos, end: y.end, chan: x0, arrow, value: y };
      }
      case Tok.INC:
      case Tok.DEC: {
        const s: ast.IncDecStmt = { kind: 'IncDecStmt', parent: undefined, pre: -1, pos: x0.pos, end: this.pos + 2, x: x0, tok: this.tok };
        this.next();
        return s;
      }
    }
    return { kind: 'ExprStmt', parent: undefined, pre: -1, pos: x0.pos, end: x0.end, x: x0 };
  }

  private checkAssignStmt(as: ast.AssignStmt): void {
    for (const x of as.lhs) {
      if (x.kind !== 'Ident') this.errorExpected(x.pos, 'identifier on left side of :=');
    }
  }

  private parseCallExpr(callType: string): ast.CallExpr | null {
    const x = this.parseRhsOrType(); // could be a conversion: (some type)(x)
    if (x.kind === 'CallExpr') return x;
    if (x.kind !== 'BadExpr') this.error(this.safePos(x.end), `function must be invoked in ${callType} statement`);
    return null;
  }

  private parseGoStmt(): ast.Stmt {
    const pos = this.expect(Tok.GO);
    const call = this.parseCallExpr('go');
    this.expectSemi();
    if (call === null) return { kind: 'BadStmt', parent: undefined, pre: -1, pos, end: pos + 2 };
    return { kind: 'GoStmt', parent: undefined, pre: -1, pos, end: call.end, call };
  }

  private parseDeferStmt(): ast.Stmt {
    const pos = this.expect(Tok.DEFER);
    const call = this.parseCallExpr('defer');
    this.expectSemi();
    if (call === null) return { kind: 'BadStmt', parent: undefined, pre: -1, pos, end: pos + 5 };
    return { kind: 'DeferStmt', parent: undefined, pre: -1, pos, end: call.end, call };
  }

  private parseReturnStmt(): ast.ReturnStmt {
    const pos = this.pos;
    this.expect(Tok.RETURN);
    let x: ast.Expr[] = [];
    if (this.tok !== Tok.SEMICOLON && this.tok !== Tok.RBRACE) x = this.parseList(true);
    this.expectSemi();
    return { kind: 'ReturnStmt', parent: undefined, pre: -1, pos, end: x.length > 0 ? x[x.length - 1]!.end : pos + 6, results: x };
  }

  private parseBranchStmt(tok: ast.BranchStmt['tok']): ast.BranchStmt {
    const pos = this.expect(tok);
    let label: ast.Ident | null = null;
    if (tok !== Tok.FALLTHROUGH && this.tok === Tok.IDENT) label = this.parseIdent();
    this.expectSemi();
    return { kind: 'BranchStmt', parent: undefined, pre: -1, pos, end: label !== null ? label.end : pos + tokenString(tok).length, tok, label };
  }

  private makeExpr(s: ast.Stmt | null, want: string): ast.Expr | null {
    if (s === null) return null;
    if (s.kind === 'ExprStmt') return this.checkExpr(s.x);
    const found = s.kind === 'AssignStmt' ? 'assignment' : 'simple statement';
    this.error(s.pos, `expected ${want}, found ${found} (missing parentheses around composite literal?)`);
    return bad(s.pos, this.safePos(s.end));
  }

  private parseIfHeader(): [ast.Stmt | null, ast.Expr] {
    if (this.tok === Tok.LBRACE) {
      this.error(this.pos, 'missing condition in if statement');
      return [null, bad(this.pos, this.pos)];
    }
    const prevLev = this.exprLev;
    this.exprLev = -1;
    let init: ast.Stmt | null = null;
    if (this.tok !== Tok.SEMICOLON) {
      if (this.tok === Tok.VAR) {
        this.next();
        this.error(this.pos, "var declaration not allowed in 'IF' initializer");
      }
      init = this.parseSimpleStmt(Mode.basic);
    }
    let condStmt: ast.Stmt | null = null;
    let semiPos = -1;
    let semiLit = '';
    if (this.tok !== Tok.LBRACE) {
      if (this.tok === Tok.SEMICOLON) {
        semiPos = this.pos;
        semiLit = this.lit;
        this.next();
      } else {
        this.expect(Tok.SEMICOLON);
      }
      if (this.tok !== Tok.LBRACE) condStmt = this.parseSimpleStmt(Mode.basic);
    } else {
      condStmt = init;
      init = null;
    }
    let cond: ast.Expr | null = null;
    if (condStmt !== null) {
      cond = this.makeExpr(condStmt, 'boolean expression');
    } else if (semiPos >= 0) {
      if (semiLit === '\n') this.error(semiPos, 'unexpected newline, expecting { after if clause');
      else this.error(semiPos, 'missing condition in if statement');
    }
    if (cond === null) cond = bad(this.pos, this.pos);
    this.exprLev = prevLev;
    return [init, cond];
  }

  private parseIfStmt(): ast.IfStmt {
    this.incNest();
    try {
      const pos = this.expect(Tok.IF);
      const [init, cond] = this.parseIfHeader();
      const body = this.parseBlockStmt();
      let elseStmt: ast.Stmt | null = null;
      if (this.tok === Tok.ELSE) {
        this.next();
        if (this.tok === Tok.IF) {
          elseStmt = this.parseIfStmt();
        } else if (this.tok === Tok.LBRACE) {
          elseStmt = this.parseBlockStmt();
          this.expectSemi();
        } else {
          this.errorExpected(this.pos, 'if statement or block');
          elseStmt = { kind: 'BadStmt', parent: undefined, pre: -1, pos: this.pos, end: this.pos };
        }
      } else {
        this.expectSemi();
      }
      return { kind: 'IfStmt', parent: undefined, pre: -1, pos, end: elseStmt !== null ? elseStmt.end : body.end, init, cond, body, else: elseStmt };
    } finally {
      this.nestLev--;
    }
  }

  private parseTypeList(): ast.Expr[] {
    const list = [this.parseType()];
    while (this.tok === Tok.COMMA) {
      this.next();
      list.push(this.parseType());
    }
    return list;
  }

  private parseCaseClause(typeSwitch: boolean): ast.CaseClause {
    const pos = this.pos;
    let list: ast.Expr[] = [];
    let isDefault = false;
    if (this.tok === Tok.CASE) {
      this.next();
      list = typeSwitch ? this.parseTypeList() : this.parseList(true);
    } else {
      this.expect(Tok.DEFAULT);
      isDefault = true;
    }
    const colon = this.expect(Tok.COLON);
    const body = this.parseStmtList();
    return { kind: 'CaseClause', parent: undefined, pre: -1, pos, end: body.length > 0 ? body[body.length - 1]!.end : colon + 1, list, isDefault, colon, body };
  }

  private isTypeSwitchGuard(s: ast.Stmt | null): boolean {
    if (s === null) return false;
    if (s.kind === 'ExprStmt') return isTypeSwitchAssert(s.x);
    if (s.kind === 'AssignStmt' && s.lhs.length === 1 && s.rhs.length === 1 && isTypeSwitchAssert(s.rhs[0]!)) {
      if (s.tok === Tok.ASSIGN) {
        this.error(s.tokPos, "expected ':=', found '='");
        return true;
      }
      return s.tok === Tok.DEFINE;
    }
    return false;
  }

  private parseSwitchStmt(): ast.Stmt {
    const pos = this.expect(Tok.SWITCH);
    let s1: ast.Stmt | null = null;
    let s2: ast.Stmt | null = null;
    if (this.tok !== Tok.LBRACE) {
      const prevLev = this.exprLev;
      this.exprLev = -1;
      if (this.tok !== Tok.SEMICOLON) s2 = this.parseSimpleStmt(Mode.basic);
      if (this.tok === Tok.SEMICOLON) {
        this.next();
        s1 = s2;
        s2 = null;
        if (this.tok !== Tok.LBRACE) s2 = this.parseSimpleStmt(Mode.basic);
      }
      this.exprLev = prevLev;
    }
    const typeSwitch = this.isTypeSwitchGuard(s2);
    const lbrace = this.expect(Tok.LBRACE);
    const list: ast.Stmt[] = [];
    while (this.tok === Tok.CASE || this.tok === Tok.DEFAULT) list.push(this.parseCaseClause(typeSwitch));
    const rbrace = this.expect(Tok.RBRACE);
    this.expectSemi();
    const body = block(lbrace, list, rbrace);
    if (typeSwitch) return { kind: 'TypeSwitchStmt', parent: undefined, pre: -1, pos, end: body.end, init: s1, assign: s2!, body };
    return { kind: 'SwitchStmt', parent: undefined, pre: -1, pos, end: body.end, init: s1, tag: this.makeExpr(s2, 'switch expression'), body };
  }

  private parseCommClause(): ast.CommClause {
    const pos = this.pos;
    let comm: ast.Stmt | null = null;
    if (this.tok === Tok.CASE) {
      this.next();
      let lhs = this.parseList(false);
      if (this.tok === Tok.ARROW) {
        if (lhs.length > 1) this.errorExpected(lhs[0]!.pos, '1 expression');
        const arrow = this.pos;
        this.next();
        const rhs = this.parseRhs();
        comm = { kind: 'SendStmt', parent: undefined, pre: -1, pos: lhs[0]!.pos, end: rhs.end, chan: lhs[0]!, arrow, value: rhs };
      } else {
        const tok = this.tok;
        if (tok === Tok.ASSIGN || tok === Tok.DEFINE) {
          if (lhs.length > 2) {
            this.errorExpected(lhs[0]!.pos, '1 or 2 expressions');
            lhs = lhs.slice(0, 2);
          }
          const tokPos = this.pos;
          this.next();
          const rhs = this.parseRhs();
          const as: ast.AssignStmt = { kind: 'AssignStmt', parent: undefined, pre: -1, pos: lhs[0]!.pos, end: rhs.end, lhs, tokPos, tok, rhs: [rhs] };
          if (tok === Tok.DEFINE) this.checkAssignStmt(as);
          comm = as;
        } else {
          if (lhs.length > 1) this.errorExpected(lhs[0]!.pos, '1 expression');
          comm = { kind: 'ExprStmt', parent: undefined, pre: -1, pos: lhs[0]!.pos, end: lhs[0]!.end, x: lhs[0]! };
        }
      }
    } else {
      this.expect(Tok.DEFAULT);
    }
    const colon = this.expect(Tok.COLON);
    const body = this.parseStmtList();
    return { kind: 'CommClause', parent: undefined, pre: -1, pos, end: body.length > 0 ? body[body.length - 1]!.end : colon + 1, comm, colon, body };
  }

  private parseSelectStmt(): ast.SelectStmt {
    const pos = this.expect(Tok.SELECT);
    const lbrace = this.expect(Tok.LBRACE);
    const list: ast.Stmt[] = [];
    while (this.tok === Tok.CASE || this.tok === Tok.DEFAULT) list.push(this.parseCommClause());
    const rbrace = this.expect(Tok.RBRACE);
    this.expectSemi();
    const body = block(lbrace, list, rbrace);
    return { kind: 'SelectStmt', parent: undefined, pre: -1, pos, end: body.end, body };
  }

  private parseForStmt(): ast.Stmt {
    const pos = this.expect(Tok.FOR);
    let s1: ast.Stmt | null = null;
    let s2: ast.Stmt | null = null;
    let s3: ast.Stmt | null = null;
    let isRange = false;
    if (this.tok !== Tok.LBRACE) {
      const prevLev = this.exprLev;
      this.exprLev = -1;
      if (this.tok !== Tok.SEMICOLON) {
        if (this.tok === Tok.RANGE) {
          // "for range x" (no lhs)
          const rpos = this.pos;
          this.next();
          const rx = this.parseRhs();
          const y: ast.Expr = { kind: 'UnaryExpr', parent: undefined, pre: -1, pos: rpos, end: rx.end, op: Tok.RANGE, x: rx };
          s2 = { kind: 'AssignStmt', parent: undefined, pre: -1, pos: rpos, end: rx.end, lhs: [], tokPos: -1, tok: Tok.ILLEGAL, rhs: [y] };
          isRange = true;
        } else {
          s2 = this.parseSimpleStmt(Mode.rangeOk);
          isRange = this.lastWasRange;
        }
      }
      if (!isRange && this.tok === Tok.SEMICOLON) {
        this.next();
        s1 = s2;
        s2 = null;
        if (this.tok !== Tok.SEMICOLON) s2 = this.parseSimpleStmt(Mode.basic);
        this.expectSemi();
        if (this.tok !== Tok.LBRACE) s3 = this.parseSimpleStmt(Mode.basic);
      }
      this.exprLev = prevLev;
    }
    const body = this.parseBlockStmt();
    this.expectSemi();
    if (isRange) {
      const as = s2 as ast.AssignStmt;
      let key: ast.Expr | null = null;
      let value: ast.Expr | null = null;
      switch (as.lhs.length) {
        case 0:
          break;
        case 1:
          key = as.lhs[0]!;
          break;
        case 2:
          key = as.lhs[0]!;
          value = as.lhs[1]!;
          break;
        default:
          this.errorExpected(as.lhs[as.lhs.length - 1]!.pos, 'at most 2 expressions');
          return { kind: 'BadStmt', parent: undefined, pre: -1, pos, end: this.safePos(body.end) };
      }
      const x = (as.rhs[0] as ast.UnaryExpr).x;
      return { kind: 'RangeStmt', parent: undefined, pre: -1, pos, end: body.end, key, value, tokPos: as.tokPos, tok: as.tok, x, body };
    }
    return { kind: 'ForStmt', parent: undefined, pre: -1, pos, end: body.end, init: s1, cond: this.makeExpr(s2, 'boolean or range expression'), post: s3, body };
  }

  private parseStmt(): ast.Stmt {
    this.incNest();
    try {
      switch (this.tok) {
        case Tok.CONST:
        case Tok.TYPE:
        case Tok.VAR: {
          const decl = this.parseDecl(STMT_START) as ast.GenDecl | ast.BadDecl;
          return { kind: 'DeclStmt', parent: undefined, pre: -1, pos: decl.pos, end: decl.end, decl };
        }
        case Tok.IDENT:
        case Tok.INT:
        case Tok.FLOAT:
        case Tok.IMAG:
        case Tok.CHAR:
        case Tok.STRING:
        case Tok.FUNC:
        case Tok.LPAREN:
        case Tok.LBRACK:
        case Tok.STRUCT:
        case Tok.MAP:
        case Tok.CHAN:
        case Tok.INTERFACE:
        case Tok.ADD:
        case Tok.SUB:
        case Tok.MUL:
        case Tok.AND:
        case Tok.XOR:
        case Tok.ARROW:
        case Tok.NOT: {
          const s = this.parseSimpleStmt(Mode.labelOk);
          // labeled statements consume their own terminator
          if (s.kind !== 'LabeledStmt') this.expectSemi();
          return s;
        }
        case Tok.GO:
          return this.parseGoStmt();
        case Tok.DEFER:
          return this.parseDeferStmt();
        case Tok.RETURN:
          return this.parseReturnStmt();
        case Tok.BREAK:
        case Tok.CONTINUE:
        case Tok.GOTO:
        case Tok.FALLTHROUGH:
          return this.parseBranchStmt(this.tok);
        case Tok.LBRACE: {
          const s = this.parseBlockStmt();
          this.expectSemi();
          return s;
        }
        case Tok.IF:
          return this.parseIfStmt();
        case Tok.SWITCH:
          return this.parseSwitchStmt();
        case Tok.SELECT:
          return this.parseSelectStmt();
        case Tok.FOR:
          return this.parseForStmt();
        case Tok.SEMICOLON: {
          const s: ast.EmptyStmt = { kind: 'EmptyStmt', parent: undefined, pre: -1, pos: this.pos, end: this.lit === '\n' ? this.pos : this.pos + 1, implicit: this.lit === '\n' };
          this.next();
          return s;
        }
        case Tok.RBRACE:
          return { kind: 'EmptyStmt', parent: undefined, pre: -1, pos: this.pos, end: this.pos, implicit: true };
        default: {
          const pos = this.pos;
          this.errorExpected(pos, 'statement');
          this.advance(STMT_START);
          return { kind: 'BadStmt', parent: undefined, pre: -1, pos, end: this.pos };
        }
      }
    } finally {
      this.nestLev--;
    }
  }

  // -------------------------------------------------------------------------
  // Declarations

  private parseImportSpec(): ast.ImportSpec {
    const start = this.pos;
    let ident: ast.Ident | null = null;
    if (this.tok === Tok.PERIOD) {
      ident = { kind: 'Ident', parent: undefined, pre: -1, ref: undefined, pos: this.pos, end: this.pos + 1, name: '.' };
      this.next();
    } else if (this.tok === Tok.IDENT) {
      ident = this.parseIdent();
    }
    const pos = this.pos;
    let path = '';
    let end = pos;
    if (this.tok === Tok.STRING) {
      path = this.lit;
      if (!isValidImport(path)) this.error(pos, 'invalid import path: ' + path);
      this.next();
      end = pos + path.length; // as BasicLit.End()
    } else {
      this.expect(Tok.STRING);
    }
    this.expectSemi();
    const spec: ast.ImportSpec = {
      kind: 'ImportSpec',
      parent: undefined,
      pre: -1,
      pos: ident !== null ? start : pos,
      end,
      name: ident,
      path: { kind: 'BasicLit', parent: undefined, pre: -1, pos, end, litKind: Tok.STRING, value: path },
    };
    this.imports.push(spec);
    return spec;
  }

  private parseValueSpec(keyword: Tok, iota: number): ast.ValueSpec {
    const pos = this.pos;
    const idents = this.parseIdentList();
    const typ = this.tryIdentOrType();
    let values: ast.Expr[] = [];
    let hasValues = false;
    if (this.tok === Tok.ASSIGN) {
      this.next();
      values = this.parseList(true);
      hasValues = true;
    }
    this.expectSemi();
    if (keyword === Tok.VAR) {
      if (typ === null && !hasValues) this.error(pos, 'missing variable type or initialization');
    } else if (keyword === Tok.CONST) {
      if (!hasValues && (iota === 0 || typ !== null)) this.error(pos, 'missing constant value');
    }
    const last = values.length > 0 ? values[values.length - 1]! : typ ?? idents[idents.length - 1]!;
    return { kind: 'ValueSpec', parent: undefined, pre: -1, pos: idents[0]!.pos, end: last.end, names: idents, type: typ, values };
  }

  private parseGenericType(spec: ast.TypeSpec, openPos: number, name0: ast.Ident, typ0: ast.Expr | null): void {
    const list = this.parseParameterList(name0, typ0, Tok.RBRACK);
    const closePos = this.expect(Tok.RBRACK);
    spec.typeParams = fieldList(openPos, list, closePos);
    if (this.tok === Tok.ASSIGN) {
      spec.assign = this.pos;
      this.next();
    }
    spec.type = this.parseType();
  }

  private parseTypeSpec(): ast.TypeSpec {
    const name = this.parseIdent();
    const spec: ast.TypeSpec = { kind: 'TypeSpec', parent: undefined, pre: -1, pos: name.pos, end: name.end, name, typeParams: null, assign: -1, type: name };
    if (this.tok === Tok.LBRACK) {
      // array/slice type or type parameter list
      const lbrack = this.pos;
      this.next();
      if (this.tok === Tok.IDENT) {
        let x: ast.Expr = this.parseIdent();
        if (this.tok !== Tok.LBRACK) {
          this.exprLev++;
          const lhs = this.parsePrimaryExpr(x);
          x = this.parseBinaryExpr(lhs, LOWEST_PREC + 1, false);
          this.exprLev--;
        }
        const [pname, ptype] = extractName(x, this.tok === Tok.COMMA);
        if (pname !== null && (ptype !== null || this.tok !== Tok.RBRACK)) {
          this.parseGenericType(spec, lbrack, pname, ptype);
        } else {
          spec.type = this.parseArrayType(lbrack, x);
        }
      } else {
        spec.type = this.parseArrayType(lbrack, null);
      }
    } else {
      if (this.tok === Tok.ASSIGN) {
        spec.assign = this.pos;
        this.next();
      }
      spec.type = this.parseType();
    }
    spec.end = spec.type.end;
    this.expectSemi();
    return spec;
  }

  private parseGenDecl(keyword: ast.GenDecl['tok'], parseSpec: (keyword: Tok, iota: number) => ast.Spec): ast.GenDecl {
    const pos = this.expect(keyword);
    let lparen = -1;
    let end: number;
    const list: ast.Spec[] = [];
    if (this.tok === Tok.LPAREN) {
      lparen = this.pos;
      this.next();
      for (let iota = 0; this.tok !== Tok.RPAREN && this.tok !== Tok.EOF; iota++) list.push(parseSpec(keyword, iota));
      const rparen = this.expect(Tok.RPAREN);
      end = rparen + 1;
      this.expectSemi();
    } else {
      const spec = parseSpec(keyword, 0);
      list.push(spec);
      end = spec.end;
    }
    return { kind: 'GenDecl', parent: undefined, pre: -1, pos, end, tok: keyword, lparen, specs: exact(list) };
  }

  private parseFuncDecl(): ast.FuncDecl {
    const pos = this.expect(Tok.FUNC);
    let recv: ast.FieldList | null = null;
    if (this.tok === Tok.LPAREN) recv = this.parseParameters(false)[1];
    const ident = this.parseIdent();
    let [tparams, params] = this.parseParameters(true);
    if (recv !== null && tparams !== null) {
      this.error(tparams.opening, 'method must have no type parameters');
      tparams = null;
    }
    const results = this.parseResult();
    let body: ast.BlockStmt | null = null;
    if (this.tok === Tok.LBRACE) {
      body = this.parseBlockStmt();
      this.expectSemi();
    } else if (this.tok === Tok.SEMICOLON) {
      this.next();
      if (this.tok === Tok.LBRACE) {
        this.error(this.pos, 'unexpected semicolon or newline before {');
        body = this.parseBlockStmt();
        this.expectSemi();
      }
    } else {
      this.expectSemi();
    }
    const type = funcType(pos, tparams, params, results);
    return { kind: 'FuncDecl', parent: undefined, pre: -1, pos, end: body !== null ? body.end : type.end, recv, name: ident, type, body };
  }

  private parseDecl(sync: Set<Tok>): ast.Decl {
    switch (this.tok) {
      case Tok.CONST:
      case Tok.VAR:
        return this.parseGenDecl(this.tok, (k, iota) => this.parseValueSpec(k, iota));
      case Tok.TYPE:
        return this.parseGenDecl(Tok.TYPE, () => this.parseTypeSpec());
      case Tok.FUNC:
        return this.parseFuncDecl();
    }
    const pos = this.pos;
    this.errorExpected(pos, 'declaration');
    this.advance(sync);
    return { kind: 'BadDecl', parent: undefined, pre: -1, pos, end: this.pos };
  }

  // -------------------------------------------------------------------------
  // Files

  parseFile(): ast.File | null {
    this.next();
    // Errors in the first token: likely not a Go source file at all.
    if (this.errors.length !== 0) return null;
    const pos = this.expect(Tok.PACKAGE);
    const ident = this.parseIdent();
    this.expectSemi();
    if (this.errors.length !== 0) return null;
    while (this.tok === Tok.IMPORT) this.decls.push(this.parseGenDecl(Tok.IMPORT, () => this.parseImportSpec()));
    while (this.tok !== Tok.EOF) this.decls.push(this.parseDecl(DECL_START));
    const last = this.decls.length > 0 ? this.decls[this.decls.length - 1]! : ident;
    return {
      kind: 'File',
      parent: undefined,
      pre: -1,
      pos,
      end: last.end,
      package: pos,
      name: ident,
      decls: this.decls,
      imports: this.imports,
      comments: this.scanner.comments,
    };
  }
}

// ---------------------------------------------------------------------------
// Node helpers

function bad(pos: number, end: number): ast.BadExpr {
  return { kind: 'BadExpr', parent: undefined, pre: -1, pos, end: Math.max(pos, end) };
}

/** The `_` go/parser puts where a name is missing; like any Ident it ends after its name. */
function blankIdent(pos: number): ast.Ident {
  return { kind: 'Ident', parent: undefined, pre: -1, ref: undefined, pos, end: pos + 1, name: '_' };
}

function selector(x: ast.Expr, sel: ast.Ident): ast.SelectorExpr {
  return { kind: 'SelectorExpr', parent: undefined, pre: -1, pos: x.pos, end: sel.end, x, sel };
}

function field(names: ast.Ident[], type: ast.Expr | null, tag: ast.BasicLit | null): ast.Field {
  const pos = names.length > 0 ? names[0]!.pos : type !== null ? type.pos : tag !== null ? tag.pos : 0;
  const end = tag !== null ? tag.end : type !== null ? type.end : names.length > 0 ? names[names.length - 1]!.end : pos;
  return { kind: 'Field', parent: undefined, pre: -1, pos, end, names, type, tag };
}

function fieldList(opening: number, fields: ast.Field[], closing: number): ast.FieldList {
  const list = exact(fields);
  const pos = opening >= 0 ? opening : list.length > 0 ? list[0]!.pos : 0;
  const end = closing >= 0 ? closing + 1 : list.length > 0 ? list[list.length - 1]!.end : pos;
  return { kind: 'FieldList', parent: undefined, pre: -1, pos, end, opening, list, closing };
}

/**
 * The list without spare room: an array grown by push keeps room for 16 more elements, and a
 * tree holds millions of short lists (call arguments, statements, fields) for as long as its
 * package is analysed.
 */
function exact<T>(list: T[]): T[] {
  return list.length > 0 ? list.slice() : list;
}

function numFields(f: ast.FieldList): number {
  let n = 0;
  for (const fld of f.list) n += fld.names.length === 0 ? 1 : fld.names.length;
  return n;
}

function funcType(func: number, typeParams: ast.FieldList | null, params: ast.FieldList, results: ast.FieldList | null): ast.FuncType {
  return {
    kind: 'FuncType',
    parent: undefined,
    pre: -1,
    pos: func >= 0 ? func : params.pos,
    end: results !== null ? results.end : params.end,
    typeParams,
    params,
    results,
  };
}

function block(lbrace: number, list: ast.Stmt[], rbrace: number): ast.BlockStmt {
  const end = rbrace >= 0 ? rbrace + 1 : list.length > 0 ? list[list.length - 1]!.end : lbrace + 1;
  return { kind: 'BlockStmt', parent: undefined, pre: -1, pos: lbrace, end, lbrace, list, rbrace };
}

function packIndexExpr(x: ast.Expr, lbrack: number, exprs: ast.Expr[], rbrack: number): ast.Expr {
  if (exprs.length === 1) return { kind: 'IndexExpr', parent: undefined, pre: -1, pos: x.pos, end: rbrack + 1, x, lbrack, index: exprs[0]!, rbrack };
  return { kind: 'IndexListExpr', parent: undefined, pre: -1, pos: x.pos, end: rbrack + 1, x, lbrack, indices: exprs, rbrack };
}

function unparen(x: ast.Expr): ast.Expr {
  while (x.kind === 'ParenExpr') x = x.x;
  return x;
}

function isTypeSwitchAssert(x: ast.Expr): boolean {
  return x.kind === 'TypeAssertExpr' && x.type === null;
}

/**
 * Splits `x` into a type parameter name and its constraint when it can be read that way
 * (go/parser's extractName): `P *C`, `P []E`, `P C|D`, `P(C)`.
 */
function extractName(x: ast.Expr, force: boolean): [ast.Ident | null, ast.Expr | null] {
  switch (x.kind) {
    case 'Ident':
      return [x, null];
    case 'BinaryExpr':
      if (x.op === Tok.MUL) {
        if (x.x.kind === 'Ident' && (force || isTypeElem(x.y))) {
          return [x.x, { kind: 'StarExpr', parent: undefined, pre: -1, pos: x.opPos, end: x.y.end, x: x.y }];
        }
      } else if (x.op === Tok.OR) {
        const [name, lhs] = extractName(x.x, force || isTypeElem(x.y));
        if (name !== null && lhs !== null) {
          return [name, { kind: 'BinaryExpr', parent: undefined, pre: -1, pos: lhs.pos, end: x.end, x: lhs, opPos: x.opPos, op: x.op, y: x.y }];
        }
      }
      break;
    case 'CallExpr':
      if (x.fun.kind === 'Ident' && x.args.length === 1 && x.ellipsis < 0 && (force || isTypeElem(x.args[0]!))) {
        return [x.fun, x.args[0]!];
      }
      break;
  }
  return [null, x];
}

function isTypeElem(x: ast.Expr): boolean {
  switch (x.kind) {
    case 'ArrayType':
    case 'StructType':
    case 'FuncType':
    case 'InterfaceType':
    case 'MapType':
    case 'ChanType':
      return true;
    case 'BinaryExpr':
      return isTypeElem(x.x) || isTypeElem(x.y);
    case 'UnaryExpr':
      return x.op === Tok.TILDE;
    case 'ParenExpr':
      return isTypeElem(x.x);
  }
  return false;
}

const ILLEGAL_IMPORT_CHARS = '!"#$%&\'()*,:;<=>?[\\]^{|}`\uFFFD';

function isValidImport(lit: string): boolean {
  const s = unquote(lit);
  if (s === null || s === '') return false;
  for (const r of s) {
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(r) || ILLEGAL_IMPORT_CHARS.includes(r)) return false;
  }
  return true;
}

/**
 * Value of a Go string literal (interpreted or raw), as strconv.Unquote; null when it is
 * malformed. `\x` and octal escapes are bytes: bytes that do not form UTF-8 read as U+FFFD,
 * as when Go ranges over the string.
 */
export function unquote(lit: string): string | null {
  if (lit.length < 2) return null;
  const q = lit[0];
  if (q === '`') return lit[lit.length - 1] === '`' ? lit.slice(1, -1) : null;
  if (q !== '"' || lit[lit.length - 1] !== '"') return null;
  const body = lit.slice(1, -1);
  if (!body.includes('\\')) return body;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < body.length; ) {
    if (body[i] !== '\\') {
      const c = body.codePointAt(i)!;
      for (const b of encoder.encode(String.fromCodePoint(c))) bytes.push(b);
      i += c > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    const simple = e === undefined ? undefined : SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
      continue;
    }
    const [digits, base] = e === 'x' ? [2, 16] : e === 'u' ? [4, 16] : e === 'U' ? [8, 16] : [3, 8];
    const start = base === 8 ? i + 1 : i + 2;
    const text = body.slice(start, start + digits);
    if (text.length !== digits || !(base === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/).test(text)) return null;
    const v = parseInt(text, base);
    if (e === 'u' || e === 'U') {
      if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return null;
      for (const b of encoder.encode(String.fromCodePoint(v))) bytes.push(b);
    } else {
      if (v > 0xff) return null;
      bytes.push(v);
    }
    i = start + digits;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 0x07, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, '\\': 0x5c, '"': 0x22,
};
