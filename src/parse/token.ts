// Go tokens, numbered as in go/token so that error messages read like the Go toolchain's.

export const enum Tok {
  ILLEGAL = 0,
  EOF,
  COMMENT,

  // literals
  IDENT,
  INT,
  FLOAT,
  IMAG,
  CHAR,
  STRING,

  // operators
  ADD, // +
  SUB, // -
  MUL, // *
  QUO, // /
  REM, // %

  AND, // &
  OR, // |
  XOR, // ^
  SHL, // <<
  SHR, // >>
  AND_NOT, // &^

  ADD_ASSIGN,
  SUB_ASSIGN,
  MUL_ASSIGN,
  QUO_ASSIGN,
  REM_ASSIGN,

  AND_ASSIGN,
  OR_ASSIGN,
  XOR_ASSIGN,
  SHL_ASSIGN,
  SHR_ASSIGN,
  AND_NOT_ASSIGN,

  LAND, // &&
  LOR, // ||
  ARROW, // <-
  INC, // ++
  DEC, // --

  EQL, // ==
  LSS, // <
  GTR, // >
  ASSIGN, // =
  NOT, // !

  NEQ, // !=
  LEQ, // <=
  GEQ, // >=
  DEFINE, // :=
  ELLIPSIS, // ...

  LPAREN, // (
  LBRACK, // [
  LBRACE, // {
  COMMA, // ,
  PERIOD, // .

  RPAREN, // )
  RBRACK, // ]
  RBRACE, // }
  SEMICOLON, // ;
  COLON, // :

  // keywords
  BREAK,
  CASE,
  CHAN,
  CONST,
  CONTINUE,

  DEFAULT,
  DEFER,
  ELSE,
  FALLTHROUGH,
  FOR,

  FUNC,
  GO,
  GOTO,
  IF,
  IMPORT,

  INTERFACE,
  MAP,
  PACKAGE,
  RANGE,
  RETURN,

  SELECT,
  STRUCT,
  SWITCH,
  TYPE,
  VAR,

  TILDE, // ~
}

const TOKEN_TEXT: readonly string[] = [
  'ILLEGAL', 'EOF', 'COMMENT',
  'IDENT', 'INT', 'FLOAT', 'IMAG', 'CHAR', 'STRING',
  '+', '-', '*', '/', '%',
  '&', '|', '^', '<<', '>>', '&^',
  '+=', '-=', '*=', '/=', '%=',
  '&=', '|=', '^=', '<<=', '>>=', '&^=',
  '&&', '||', '<-', '++', '--',
  '==', '<', '>', '=', '!',
  '!=', '<=', '>=', ':=', '...',
  '(', '[', '{', ',', '.',
  ')', ']', '}', ';', ':',
  'break', 'case', 'chan', 'const', 'continue',
  'default', 'defer', 'else', 'fallthrough', 'for',
  'func', 'go', 'goto', 'if', 'import',
  'interface', 'map', 'package', 'range', 'return',
  'select', 'struct', 'switch', 'type', 'var',
  '~',
];

export function tokenString(t: Tok): string {
  return TOKEN_TEXT[t] ?? `token(${t})`;
}

export function isLiteralToken(t: Tok): boolean {
  return t >= Tok.IDENT && t <= Tok.STRING;
}

export const LOWEST_PREC = 0;

/** Binary operator precedence, as go/token.Token.Precedence. */
export function precedence(t: Tok): number {
  switch (t) {
    case Tok.LOR:
      return 1;
    case Tok.LAND:
      return 2;
    case Tok.EQL:
    case Tok.NEQ:
    case Tok.LSS:
    case Tok.LEQ:
    case Tok.GTR:
    case Tok.GEQ:
      return 3;
    case Tok.ADD:
    case Tok.SUB:
    case Tok.OR:
    case Tok.XOR:
      return 4;
    case Tok.MUL:
    case Tok.QUO:
    case Tok.REM:
    case Tok.SHL:
    case Tok.SHR:
    case Tok.AND:
    case Tok.AND_NOT:
      return 5;
  }
  return LOWEST_PREC;
}

const KEYWORDS = new Map<string, Tok>([
  ['break', Tok.BREAK], ['case', Tok.CASE], ['chan', Tok.CHAN], ['const', Tok.CONST], ['continue', Tok.CONTINUE],
  ['default', Tok.DEFAULT], ['defer', Tok.DEFER], ['else', Tok.ELSE], ['fallthrough', Tok.FALLTHROUGH], ['for', Tok.FOR],
  ['func', Tok.FUNC], ['go', Tok.GO], ['goto', Tok.GOTO], ['if', Tok.IF], ['import', Tok.IMPORT],
  ['interface', Tok.INTERFACE], ['map', Tok.MAP], ['package', Tok.PACKAGE], ['range', Tok.RANGE], ['return', Tok.RETURN],
  ['select', Tok.SELECT], ['struct', Tok.STRUCT], ['switch', Tok.SWITCH], ['type', Tok.TYPE], ['var', Tok.VAR],
]);

/** Keyword for an identifier spelling, or IDENT. */
export function lookupKeyword(name: string): Tok {
  return KEYWORDS.get(name) ?? Tok.IDENT;
}

/** Operator spelling, for rules that print expressions (`op` fields of Unary/Binary/Assign nodes). */
export function operatorText(t: Tok): string {
  return tokenString(t);
}
