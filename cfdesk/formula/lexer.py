"""Excel formula lexer: formula text <-> token sequence.

The lexer is lossless: ``"".join(t.text for t in tokenize(f)) == f`` for every input,
whitespace included, so a formula can be edited token by token and written back unchanged
everywhere else. Ranges such as ``A2:B9`` or ``'My Sheet'!A:A`` are one REF token, because
that is how a person reads them and how the model will emit them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from cfdesk.errors import FormulaSyntaxError


class Kind(StrEnum):
    FUNC = "func"  # function name, immediately followed by "("
    OPEN = "open"  # (
    CLOSE = "close"  # )
    SEP = "sep"  # , (argument / union separator) or ; (array row separator)
    ARRAY_OPEN = "array_open"  # {
    ARRAY_CLOSE = "array_close"  # }
    OP = "op"  # + - * / ^ & = <> < > <= >= % :
    NUMBER = "number"
    STRING = "string"  # with its double quotes, "" escapes kept
    BOOL = "bool"
    ERROR = "error"  # #DIV/0! and friends
    REF = "ref"  # A1, $A$1, A:A, 1:1, A2:B9, Sheet1!A1, 'My Sheet'!A1:B2, Table1[Col]
    NAME = "name"  # a defined name
    WS = "ws"  # whitespace (kept for exact round trip)


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str

    def __repr__(self) -> str:  # compact in test failure output
        return f"{self.kind.value}:{self.text!r}"


ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
          "#GETTING_DATA", "#SPILL!", "#CALC!")

_SHEET = r"(?:'(?:[^']|'')+'|(?:\[\d+\])?[A-Za-z_\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*(?::[A-Za-z_][\w.]*)?)!"
_CELL = r"\$?[A-Za-z]{1,3}\$?[0-9]+"
_COLS = r"\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}"
_ROWS = r"\$?[0-9]+:\$?[0-9]+"
_AREA = rf"(?:{_CELL}(?::{_CELL})?|{_COLS}|{_ROWS})"
# A reference must not run on into a name ("A1B" is a name, "LOG10(" a function).
_REF_RE = re.compile(rf"(?:{_SHEET})?{_AREA}#?(?![\w.(\[])")
_SHEET_ONLY_RE = re.compile(_SHEET)
_NUMBER_RE = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_IDENT_RE = re.compile(r"[A-Za-z_\\\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*")
_WS_RE = re.compile(r"\s+")
_OPS = ("<>", "<=", ">=", "+", "-", "*", "/", "^", "&", "=", "<", ">", "%", ":", "@")


def _bracket_end(s: str, i: int) -> int:
    """Index just past the ']' matching the '[' at s[i] (structured references nest)."""
    depth = 0
    while i < len(s):
        c = s[i]
        if c == "'" and i + 1 < len(s):  # ' escapes the next character inside [...]
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise FormulaSyntaxError("unclosed '[' in structured reference")


def tokenize(formula: str) -> list[Token]:
    """Split a formula (with or without its leading '=') into tokens, losslessly."""
    s = formula
    out: list[Token] = []
    i = 0
    if s.startswith("="):
        out.append(Token(Kind.OP, "="))  # the leading '=' is kept so round trip is exact
        i = 1
    n = len(s)
    while i < n:
        c = s[i]
        m = _WS_RE.match(s, i)
        if m:
            out.append(Token(Kind.WS, m.group()))
            i = m.end()
            continue
        if c == '"':
            j = i + 1
            while True:
                j = s.find('"', j)
                if j < 0:
                    raise FormulaSyntaxError("unclosed string literal")
                if j + 1 < n and s[j + 1] == '"':
                    j += 2
                    continue
                break
            out.append(Token(Kind.STRING, s[i:j + 1]))
            i = j + 1
            continue
        if c == "#":
            for e in ERRORS:
                if s[i:i + len(e)].upper() == e:
                    out.append(Token(Kind.ERROR, s[i:i + len(e)]))
                    i += len(e)
                    break
            else:
                raise FormulaSyntaxError(f"unknown error literal at {s[i:i + 8]!r}")
            continue
        if c in "(":
            out.append(Token(Kind.OPEN, c))
            i += 1
            continue
        if c == ")":
            out.append(Token(Kind.CLOSE, c))
            i += 1
            continue
        if c in ",;":
            out.append(Token(Kind.SEP, c))
            i += 1
            continue
        if c == "{":
            out.append(Token(Kind.ARRAY_OPEN, c))
            i += 1
            continue
        if c == "}":
            out.append(Token(Kind.ARRAY_CLOSE, c))
            i += 1
            continue
        m = _REF_RE.match(s, i)
        if m and not _continues_number(out, s, i):
            out.append(Token(Kind.REF, m.group()))
            i = m.end()
            continue
        if c == "'" or c == "[":
            m = _SHEET_ONLY_RE.match(s, i)
            if m:  # 'Sheet'!Name: a sheet-scoped defined name
                m2 = _IDENT_RE.match(s, m.end())
                if m2:
                    out.append(Token(Kind.REF if s[m2.end():m2.end() + 1] != "(" else Kind.NAME,
                                     s[i:m2.end()]))
                    i = m2.end()
                    continue
            if c == "[":  # [@Col] / [[#This Row],[Col]]: structured reference without table
                j = _bracket_end(s, i)
                out.append(Token(Kind.REF, s[i:j]))
                i = j
                continue
            raise FormulaSyntaxError(f"unexpected {c!r} at position {i + 1}")
        m = _NUMBER_RE.match(s, i)
        if m and (c.isdigit() or c == "."):
            out.append(Token(Kind.NUMBER, m.group()))
            i = m.end()
            continue
        m = _IDENT_RE.match(s, i)
        if m:
            word = m.group()
            j = m.end()
            if j < n and s[j] == "(":
                out.append(Token(Kind.FUNC, word))
            elif j < n and s[j] == "!":  # Sheet!Name
                m2 = _IDENT_RE.match(s, j + 1)
                if not m2:
                    raise FormulaSyntaxError(f"bad sheet reference at {s[i:j + 4]!r}")
                out.append(Token(Kind.REF, s[i:m2.end()]))
                j = m2.end()
            elif j < n and s[j] == "[":  # Table1[Column]
                j = _bracket_end(s, j)
                out.append(Token(Kind.REF, s[i:j]))
            elif word.upper() in ("TRUE", "FALSE"):
                out.append(Token(Kind.BOOL, word))
            else:
                out.append(Token(Kind.NAME, word))
            i = j
            continue
        for op in _OPS:
            if s.startswith(op, i):
                out.append(Token(Kind.OP, op))
                i += len(op)
                break
        else:
            raise FormulaSyntaxError(f"unexpected {c!r} at position {i + 1}")
    return out


def _continues_number(out: list[Token], s: str, i: int) -> bool:
    """'1E' of '1E+5' must not be read as a reference after a number."""
    return bool(out) and out[-1].kind == Kind.NUMBER and not s[i - 1].isspace()


def untokenize(tokens: list[Token]) -> str:
    return "".join(t.text for t in tokens)


_A1_RE = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)")
_COLONLY_RE = re.compile(r"(\$?)([A-Za-z]{1,3})(?=:|$)")
_ROWONLY_RE = re.compile(r"(\$?)([0-9]+)(?=:|$)")


def split_sheet(ref: str) -> tuple[str | None, str]:
    """'My Sheet'!A1:B2 -> ("My Sheet", "A1:B2"); A1 -> (None, "A1")."""
    if "!" not in ref:
        return None, ref
    sheet, area = ref.rsplit("!", 1)
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, area


def quote_sheet(name: str) -> str:
    if re.fullmatch(r"[A-Za-z_][\w.]*", name) and not _A1_RE.fullmatch(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def shift_ref(ref: str, drow: int, dcol: int = 0) -> str:
    """Move the relative parts of a reference by (drow, dcol), as Excel's fill does.

    Absolute parts ($A$1) stay. A reference moved off the sheet becomes #REF!.
    """
    from openpyxl.utils import column_index_from_string, get_column_letter

    if "[" in ref:  # structured references are not relative in the A1 sense
        return ref
    prefix = ""
    if "!" in ref:
        prefix, ref = ref[: ref.rindex("!") + 1], ref[ref.rindex("!") + 1:]
    suffix = "#" if ref.endswith("#") else ""
    ref = ref.rstrip("#")

    def col(dollar: str, letters: str) -> str:
        if dollar or not dcol:
            return dollar + letters
        idx = column_index_from_string(letters.upper()) + dcol
        if not 1 <= idx <= 16384:
            raise ValueError("column out of range")
        return get_column_letter(idx)

    def row(dollar: str, num: str) -> str:
        if dollar or not drow:
            return dollar + num
        r = int(num) + drow
        if not 1 <= r <= 1048576:
            raise ValueError("row out of range")
        return str(r)

    parts = ref.split(":")
    try:
        moved = []
        for p in parts:
            m = _A1_RE.fullmatch(p)
            if m:
                moved.append(col(m.group(1), m.group(2)) + row(m.group(3), m.group(4)))
                continue
            m = re.fullmatch(r"(\$?)([A-Za-z]{1,3})", p)
            if m:
                moved.append(col(m.group(1), m.group(2)))
                continue
            m = re.fullmatch(r"(\$?)([0-9]+)", p)
            if m:
                moved.append(row(m.group(1), m.group(2)))
                continue
            return prefix + ref + suffix
    except ValueError:
        return "#REF!"
    return prefix + ":".join(moved) + suffix


def translate(formula: str, drow: int, dcol: int = 0) -> str:
    """The formula as it reads after being copied drow rows down and dcol columns right."""
    toks = tokenize(formula)
    return untokenize([Token(Kind.REF, shift_ref(t.text, drow, dcol)) if t.kind == Kind.REF else t
                       for t in toks])
