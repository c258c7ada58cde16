"""Formulas and rules <-> the model's token sequences, with a copy scheme for literals.

The model never spells a constant or a column letter. It emits:
- ``LIT:k``: the k-th literal found in the request (a number, a quoted or capitalised text,
  a date, a cell or range reference), written back verbatim, so "over 5,000" becomes 5000
  and "'M type'" stays 'M type' whatever the model learned;
- ``COL:k``: the k-th column of the table (k from the table's first column), so tables that
  start in column C or have 40 columns need no new vocabulary;
- ``ROW:T``/``ROW:F``/``ROW:L``/``ROW:H``: the target row, the first and last data rows and
  the header row;
- ``SHEET:k``: the k-th other sheet of the workbook (lookups);
- a closed vocabulary for everything else: function names, operators, common numbers and
  strings, rule names, ``C:k`` for a rule's column c[k].

``model/`` sees only the integer ids; this module is the only place that knows what they
mean in a spreadsheet.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from openpyxl.utils import column_index_from_string, get_column_letter

from cfdesk.cf import rules as R
from cfdesk.errors import CfdeskError
from cfdesk.formula.lexer import Kind, quote_sheet, split_sheet, tokenize
from cfdesk.formula.parser import strip_prefix

MAX_LITERALS = 16
MAX_COLUMNS = 40
MAX_SHEETS = 4
SEQ_LEN = 32

FUNCTIONS = sorted({
    "ABS", "AND", "AVERAGE", "AVERAGEIF", "AVERAGEIFS", "CEILING", "CHOOSE", "CONCAT", "CONCATENATE",
    "COUNT", "COUNTA", "COUNTBLANK", "COUNTIF", "COUNTIFS", "DATE", "DATEDIF", "DAY", "DAYS", "EDATE",
    "EOMONTH", "EXACT", "FIND", "FLOOR", "HLOOKUP", "HOUR", "IF", "IFERROR", "IFNA", "IFS", "INDEX",
    "INT", "ISBLANK", "ISERROR", "ISNUMBER", "ISTEXT", "LARGE", "LEFT", "LEN", "LOWER", "MATCH",
    "MAX", "MAXIFS", "MEDIAN", "MID", "MIN", "MINIFS", "MOD", "MONTH", "NETWORKDAYS", "NOT", "NOW",
    "OR", "POWER", "PRODUCT", "PROPER", "RANK", "RANK.EQ", "REPLACE", "REPT", "RIGHT", "ROUND",
    "ROUNDDOWN", "ROUNDUP", "ROW", "ROWS", "SEARCH", "SMALL", "SQRT", "STDEV", "SUBSTITUTE", "SUM",
    "SUMIF", "SUMIFS", "SUMPRODUCT", "SWITCH", "TEXT", "TEXTJOIN", "TODAY", "TRIM", "UNIQUE",
    "UPPER", "VALUE", "VLOOKUP", "WEEKDAY", "WEEKNUM", "XLOOKUP", "XMATCH", "YEAR", "COLUMN",
    "AVERAGEA", "MODE", "TRUNC", "SIGN", "EVEN", "ODD", "CHAR", "CLEAN", "T", "N", "ISEVEN",
    "ISODD", "ISLOGICAL", "ISNA", "NA", "FILTER", "SORT", "COUNTUNIQUE", "SUMSQ", "PI", "EXP",
    "LN", "LOG", "LOG10", "MROUND", "QUOTIENT", "RAND", "RANDBETWEEN", "TIME", "MINUTE", "SECOND",
    "WORKDAY", "YEARFRAC", "DATEVALUE", "TIMEVALUE", "PERCENTRANK", "PERCENTILE", "QUARTILE",
    "VAR", "CORREL", "FORECAST", "TRANSPOSE", "OFFSET", "INDIRECT", "ADDRESS", "LOOKUP",
    "FIXED", "DOLLAR", "NUMBERVALUE", "TEXTBEFORE", "TEXTAFTER", "MAXA", "MINA", "AGGREGATE",
    "SUBTOTAL",
})
OPERATORS = ["+", "-", "*", "/", "^", "&", "=", "<>", "<", ">", "<=", ">=", "%", ":"]
COMMON_NUMBERS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12", "15", "20", "24",
                  "25", "30", "31", "50", "60", "90", "100", "365", "1000", "0.5", "0.1", "1.5",
                  "7.5", "0.05", "0.2", "0.25", "11", "13", "14", "16", "18", "40", "45", "52",
                  "75", "80", "1900", "2000"]
COMMON_STRINGS = ["", " ", ", ", ",", "-", " - ", "/", "y", "m", "d", "ym", "md", "yd", "Yes", "No",
                  "High", "Low", "Medium", "Pass", "Fail", "OK", "Missing", "Over", "Under",
                  "Late", "On time", "Overdue", "Due", "Paid", "Unpaid", "In stock", "Reorder",
                  "Out of stock", "Active", "Inactive", "Bonus", "None", "N/A", "Error",
                  "0.00", "0%", "0.0%", "$#,##0.00", "#,##0", "mm/dd/yyyy", "yyyy-mm-dd",
                  "dd/mm/yyyy", "mmm yyyy", "mmmm", "dddd", "ddd", "mmm", "yyyy", "A", "B", "C",
                  "D", "F", "Excellent", "Good", "Average", "Poor", "Above", "Below", "Weekend",
                  "Weekday", "Q1", "Q2", "Q3", "Q4", "Not found", "Unknown", "*", "@", ".",
                  "Complete", "Pending", "Approved", "Rejected", "Valid", "Invalid", "TRUE",
                  "FALSE", "Male", "Female", "Total", "Profit", "Loss", "Even", "Odd",
                  "Duplicate", "Unique", ">", "<", ">=", "<=", "<>", "=", "Not Started", "On Hold"]
ROW_TOKENS = ["ROW:T", "ROW:F", "ROW:L", "ROW:H"]
RULE_NAMES = sorted(R.SPECS)

PAD, BOS, EOS, UNK = "<pad>", "<bos>", "<eos>", "<unk>"


def build_vocab() -> list[str]:
    v = [PAD, BOS, EOS, UNK, "DOMAIN:formula", "DOMAIN:cf", "=", "(", ")", ",", ";", "{", "}", "$",
         "!", "TRUE", "FALSE", "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "%"]
    v += [f"FN:{f}" for f in FUNCTIONS]
    v += [f"OP:{o}" for o in OPERATORS]
    v += [f"N:{n}" for n in COMMON_NUMBERS]
    v += [f"S:{s}" for s in COMMON_STRINGS]
    v += ROW_TOKENS
    v += [f"COL:{k}" for k in range(MAX_COLUMNS)]
    v += [f"LIT:{k}" for k in range(MAX_LITERALS)]
    v += [f"SHEET:{k}" for k in range(MAX_SHEETS)]
    v += [f"RULE:{n}" for n in RULE_NAMES]
    v += [f"C:{k}" for k in range(MAX_COLUMNS)]
    v += ["PCT"]  # a rule's count is a percentage: Top(10%)
    seen: set[str] = set()
    out = []
    for t in v:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


VOCAB = build_vocab()
TOKEN_ID = {t: i for i, t in enumerate(VOCAB)}


class CodecError(CfdeskError):
    """A formula or rule that cannot be expressed in the model's vocabulary."""


# ---------------------------------------------------------------- literals


@dataclass
class Literal:
    kind: str  # number, text, date, ref
    text: str  # as it goes into a formula or rule: 5000, East, DATE(2024,1,31), B2:B10
    source: str  # as it appeared in the request


_QUOTED = re.compile(r"\"([^\"]*)\"|“([^”]*)”|(?<![A-Za-z])'([^']+)'(?![A-Za-z])")
_REF = re.compile(r"(?<![A-Za-z0-9_$])(\$?[A-Za-z]{1,3}\$?[0-9]{1,7}(?::\$?[A-Za-z]{1,3}\$?[0-9]{1,7})?"
                  r"|[A-Za-z]{1,3}:[A-Za-z]{1,3})(?![A-Za-z0-9_(])")
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DATE_US = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
# "1 Dec 2026", "1st December 2026", "December 1, 2026", "Sept 3 2025": a date with its year
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_DATE_WORDS = re.compile(rf"(?<![\w/])(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_WORD}),?\s+(\d{{4}})"
                         rf"|({_MONTH_WORD})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}))(?![\w/])", re.I)
_NUM = re.compile(r"(?<![A-Za-z0-9_.$])(-?[$€£]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?[$€£]?\d+(?:\.\d+)?|"
                  r"-?\.\d+)(\s?%|k\b|K\b|[x×]\b)?(?![A-Za-z0-9_]|\.\d)")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'/-]*")
_VALUE_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'/-]*")
_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june",
                                       "july", "august", "september", "october", "november",
                                       "december"], start=1)}
# the ways a request writes a month's name: December, Dec, and Sept for September
_MONTH_NAMES = {n: i for m, i in _MONTHS.items() for n in (m, m[:3])} | {"sept": 9}


def quoted_texts(request: str) -> list[str]:
    """The texts a request puts in quotes ("No", “Paid”, 'Email'), as written, in order."""
    return [next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(request)]


def formula_string(text: str) -> str:
    """A text as a formula's string constant: quoted, inner quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def _num_text(raw: str, suffix: str | None) -> str:
    t = raw.replace(",", "").lstrip("$€£")
    neg = t.startswith("-") or raw.startswith("-")
    t = t.lstrip("-").lstrip("$€£")
    if suffix and suffix.strip().lower() == "k":
        val = float(t) * 1000
        t = str(int(val)) if val.is_integer() else repr(val)
    if t.startswith("."):
        t = "0" + t
    out = ("-" if neg else "") + t
    if suffix and suffix.strip() == "%":
        out += "%"
    return out


def extract_literals(request: str, sample_values: list[str] | None = None,
                     headers: list[str] | None = None) -> list[Literal]:
    """Constants a request names, in order of appearance (at most MAX_LITERALS).

    Numbers are normalised ("5,000" -> 5000, "$1.2k" -> 1200, "10 %" -> 10%), dates become
    DATE(y,m,d), quoted text is kept exactly. Unquoted words that equal one of the sheet's
    sample values, or are capitalised mid-sentence and are not a header, count as text.
    """
    spans: list[tuple[int, int, Literal]] = []
    taken = [False] * (len(request) + 1)

    def add(a: int, b: int, lit: Literal) -> None:
        if any(taken[a:b]):
            return
        for i in range(a, b):
            taken[i] = True
        spans.append((a, b, lit))

    for m in _SHEET_NAMED.finditer(request):
        # "on sheet Travel Approval", "in Shift Schedule sheet": where the cells are, not a
        # value (137 of the paper's 499 real CF training requests name a sheet; 2 golds
        # used it, both "sheet 1" read as the count 1)
        a, b = m.span(1 if m.group(1) is not None else 2)
        for i in range(a, b):
            taken[i] = True
    for m in _QUOTED.finditer(request):
        text = next(g for g in m.groups() if g is not None)
        add(m.start(), m.end(), Literal("text", text, m.group(0)))
    for m in _DATE_ISO.finditer(request):
        y, mo, d = (int(x) for x in m.groups())
        add(m.start(), m.end(), Literal("date", f"DATE({y},{mo},{d})", m.group(0)))
    for m in _DATE_US.finditer(request):
        mo, d, y = (int(x) for x in m.groups())
        add(m.start(), m.end(), Literal("date", f"DATE({y},{mo},{d})", m.group(0)))
    for m in _DATE_WORDS.finditer(request):
        d, name, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        mo = _MONTH_NAMES.get(name.lower().rstrip("."))
        if mo is not None and 1 <= int(d) <= 31:
            add(m.start(), m.end(), Literal("date", f"DATE({int(y)},{mo},{int(d)})", m.group(0)))
    for m in _REF.finditer(request):
        t = m.group(1)
        if re.fullmatch(r"[A-Za-z]{1,3}:[A-Za-z]{1,3}", t) and not t.isupper():
            continue
        if re.fullmatch(r"[A-Za-z]+[0-9]+", t) and not t[0].isupper():
            continue  # "q1", "covid19": words, not cells
        add(m.start(1), m.end(1), Literal("ref", t.upper(), t))
    samples = {s.lower(): s for s in (sample_values or []) if s and not _looks_numeric(s)}
    words = list(_VALUE_WORD.finditer(request))
    for n in (3, 2, 1):
        # a sheet value with a digit in it ("7B", "Website Redesign 2") before the numbers
        # take its digits; the scan below finds the others
        for i in range(len(words) - n + 1):
            a, b = words[i].start(), words[i + n - 1].end()
            if any(ch.isdigit() for ch in request[a:b]) and request[a:b].lower() in samples:
                add(a, b, Literal("text", request[a:b], request[a:b]))
    for m in _NUM.finditer(request):
        add(m.start(), m.end(), Literal("number", _num_text(m.group(1), m.group(2)), m.group(0)))
    headers_l = [h.lower() for h in (headers or []) if h]
    header_words = {w.lower() for h in (headers or []) for w in _WORD.findall(h)}
    for m in _LABEL.finditer(request):
        # "say Reorder else Fine", "Order when ...": the values a formula returns, named after a
        # verb of showing, after else/otherwise, or before the condition; kept even where they
        # start the sentence, are short capitals or begin a header ("Reorder Level")
        g = next(k for k in ("label", "colon", "first") if m.group(k))
        a, b = m.span(g)
        word = _label_word(m.group(g), g, request)
        b = a + len(word)
        # a header is a column, unless it opens an IF whose other case is a label too
        # ("Warranty if column G is Y, otherwise Paid")
        header = any(request[a:].lower().startswith(h) for h in headers_l) and not (
            g == "first" and _ELSE_LABEL.search(request))
        if (len(word) < 2 or not word[0].isupper() or word.lower() in _STOP or word.lower() in _LABEL_STOP
                or header or not _label_phrase(word, request)):
            continue
        if word in _COMMON and (g == "first" or re.fullmatch(r"[A-Z]{1,3}", word)):
            continue  # as in training: "OK", or "High when ...", is the vocabulary's S:OK, S:High
        add(a, b, Literal("text", word, word))
    i = 0
    while i < len(words):
        matched = False
        for n in (3, 2, 1):  # longest sample value first: "New York" before "New"
            if i + n > len(words):
                continue
            a, b = words[i].start(), words[i + n - 1].end()
            phrase = request[a:b]
            if phrase.lower() in samples:
                add(a, b, Literal("text", phrase, phrase))
                i += n
                matched = True
                break
            owner = re.sub(r"['’]s$", "", phrase.lower())
            if owner != phrase.lower() and owner in samples:  # "Luis Gomez's entries"
                add(a, b, Literal("text", samples[owner], phrase))
                i += n
                matched = True
                break
            value = next((samples[x] for x in _singulars(phrase.lower()) if x in samples), None)
            if value is not None and len(value) > 2 and (phrase[:1].isupper() or n > 1 or (
                    len(value) > 2 and value.lower() not in COUNTING_WORDS
                    and value.lower() not in header_words)):
                # "for Laptops" where the sheet says Laptop: the criterion must be the sheet's
                # value, or COUNTIF/AVERAGEIF match nothing; in lower case too ("highlight
                # suites", "number of client visits"), but not a unit ("14 days" is no shift
                # named Day; "calories burned on runs" of a Run workout)
                add(a, b, Literal("text", value, phrase))
                i += n
                matched = True
                break
        if matched:
            continue
        w = words[i]
        word = w.group(0)
        starts_sentence = w.start() == 0 or request[:w.start()].rstrip()[-1:] in ".?!:"
        if _ALTERNATIVES.fullmatch(word) and not starts_sentence:
            # "(Weekend/Weekday)", "Pass/Fail": the two labels a formula returns, each a
            # literal of its own ("N/A" and "I/O" stay whole: single letters)
            a, _, b = word.partition("/")
            for part, start in ((a, w.start()), (b, w.start() + len(a) + 1)):
                if part.lower() not in _STOP:
                    add(start, start + len(part), Literal("text", part, part))
            i += 1
            continue
        # (nor a header's plural: "number of SKUs" of an SKU column)
        if (word[0].isupper() and not starts_sentence and word.lower() not in header_words
                and not (word.lower().endswith("s") and word.lower()[:-1] in header_words)
                and word.lower() not in _STOP and not _CONTRACTION.fullmatch(word)
                and not re.fullmatch(r"[A-Z]{1,3}(?:'s)?", word) and word.lower() not in _MONTHS
                and not (word.lower() in _COLOURS and _FORMAT_WORD.match(request, w.end()))):
            # a run of capitalised words is one name: "New York", "Acme Corp"
            j = i
            while j + 1 < len(words) and words[j + 1].group(0)[0].isupper() and \
                    request[words[j].end():words[j + 1].start()] == " " and \
                    words[j + 1].group(0).lower() not in header_words:
                j += 1
            a, b = w.start(), words[j].end()
            add(a, b, Literal("text", request[a:b], request[a:b]))
            i = j + 1
            continue
        i += 1
    spans.sort(key=lambda s: s[0])
    return [s[2] for s in spans][:MAX_LITERALS]


# words a request counts in, which a sheet may hold as values too ("Day" and "Night" shifts)
COUNTING_WORDS = {"second", "minute", "hour", "day", "night", "week", "month", "quarter", "year", "time", "unit",
               "item", "piece", "point", "mark", "row", "cell", "value", "number", "total", "date", "name"}


def _singulars(phrase: str) -> list[str]:
    """A lower-case phrase with each plural ending its last word may have taken off
    ("laptops" -> laptop; "boxes" -> box, boxe; "batteries" -> battery, batterie)."""
    if phrase.endswith("ss") or len(phrase) < 4:
        return []
    return [phrase[: -len(end)] + sub for end, sub in (("ies", "y"), ("es", ""), ("s", ""))
            if phrase.endswith(end)]


_NAME_WORDS = r"[A-Z0-9(\"'][^\s,;]*(?:\s+[A-Z(][^\s,;]*)*"  # first word, then capitalised ones
_SHEET_NAMED = re.compile(
    rf"\b(?i:in|on|of|from|at)\s+(?:(?i:the)\s+)?(?i:sheets?)\s*[-:]?\s*({_NAME_WORDS})"
    rf"|\b(?i:in|on|of|from|at)\s+(?:(?i:the)\s+)?([A-Z0-9][^\s,;]*(?:\s+[A-Z0-9][^\s,;]*){{0,4}})\s+(?i:sheet)\b")
# "I'm", "Don't", "It's": capitalised, never a value (a possessive such as "Macy's" may be one)
_CONTRACTION = re.compile(r"I'(?:m|d|ll|ve)|[A-Za-z]+n't|(?:it|that|what|there|here|he|she|let)'s"
                          r"|(?:you|we|they)'(?:re|ve|ll|d)", re.I)
_ALTERNATIVES = re.compile(r"[A-Z][A-Za-z]+/[A-Za-z][A-Za-z]+")
_LABEL = re.compile(
    r"\b(?:say|says|return|returns|show|shows|display|displays|put|write|print|output"
    r"|label(?:\s+it)?(?:\s+as)?|mark(?:\s+it)?\s+as|else|otherwise)\s*,?\s*"
    r"(?:(?:say|return|show|display|put|write)\s+)?\"?(?P<label>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)?"
    # "..., otherwise On time": a second, lower-case word where the label ends the request
    r"(?:\s[a-z][a-z0-9]*(?=\s*[.!\"]?\s*$))?)"
    # "Reorder if ...", "Long trip if ...": one capitalised word, or two, the second lower-case
    r"|^(?P<first>[A-Z][A-Za-z0-9]*(?:\s[a-z][a-z0-9]*)?)(?=\s+(?:if|when|where|in case)\b)"
    # "salary below 60000: Junior, otherwise Senior": a label after a colon, before the other
    r"|:\s*\"?(?P<colon>[A-Z][A-Za-z0-9]*)\"?(?=\s*,?\s*(?:otherwise|else|if|when)\b)")
_COMMON = set(COMMON_STRINGS)
_ELSE_LABEL = re.compile(r"\b(?:else|otherwise)\s*,?\s*(?:say\s+|return\s+|show\s+)?\"?[A-Z]")
_LABEL_STOP = {"blank", "empty", "nothing", "zero", "leave", "keep", "none", "null", "it", "its", "that",
               "this", "a", "an", "as", "value", "values", "cell", "cells", "same", "result", "check",
               "test", "see", "determine", "tell", "identify", "indicate", "compute", "format", "shade",
               "bold", "fill", "select", "list", "write", "display", "print", "output", "label", "show",
               "say", "set", "create", "build", "need", "want", "help", "could", "would", "which", "is",
               "are", "does", "do", "only", "just", "me", "them", "whether", "one", "all", "any", "each",
               "number", "text", "date", "dates", "amount", "difference", "percentage", "percent",
               # chatter after a label that ends the request ("else Low pls")
               "pls", "plz", "thanks", "thx", "instead", "too", "also", "here", "there"}


def _label_phrase(words: str, request: str) -> bool:
    """Whether a two-word label before the condition ("Long trip if km is over 300, else
    blank") is one: the request names the other case too (else, otherwise), and neither word
    is a stop word or a typo of one ("Total sales if ...", "Retun overdue when ..., else ok";
    without these, 15 of 16 such phrases in the generated and natural requests were no label)."""
    parts = words.lower().split()
    if len(parts) == 1:
        return True
    stops = _STOP | _LABEL_STOP
    # (a typo only of five letters or more: "stay" of "Long stay" is no typo of "say")
    return bool(re.search(r"\b(?:else|otherwise)\b", request, re.I)) and not any(
        w in stops or (len(w) > 4 and difflib.get_close_matches(w, stops, n=1, cutoff=0.8)) for w in parts)


def _label_word(found: str, group: str, request: str) -> str:
    """The label a ``_LABEL`` match writes: a two-word one after else/otherwise ("On time")
    where ``_label_phrase`` takes the pair, else its first word ("..., otherwise Late please")."""
    if group == "label" and " " in found and not _label_phrase(found, request):
        return found.split()[0]
    return found


def _label_matches(request: str) -> list[tuple[str, int, int]]:
    """(label, start, end) of each label ``written_labels`` finds, where it stands."""
    out = []
    for m in _LABEL.finditer(request):
        key = next(k for k in ("label", "colon", "first") if m.group(k))
        word = _label_word(m.group(key), key, request)
        if (len(word) > 1 and word[0].isupper() and word.lower() not in _STOP | _LABEL_STOP
                and _label_phrase(word, request)):
            out.append((word, m.start(key), m.start(key) + len(word)))
    return out


def written_labels(request: str) -> set[str]:
    """The labels a request writes for a formula to return, as written ("Promoted if won 15 or
    more", "say Reorder else OK"): the words ``_LABEL`` finds, capitalised, not stop words."""
    return {word for word, _, _ in _label_matches(request)}


def without_labels(request: str) -> str:
    """The request with the two or more labels it writes blanked where they stand (the same
    length, so places in it hold): "Sold out if tickets sold equals capacity, otherwise
    Available" names no Sold Out column. One label alone is left, as it may be a column
    ("show Salary minus Tax")."""
    found = _label_matches(request)
    if len({w.lower() for w, _, _ in found}) < 2:
        return request
    for _, start, end in found:
        request = request[:start] + " " * (end - start) + request[end:]
    return request


# "Apply Green color to ...", "Red fill": a colour that names the format, not a cell value
_COLOURS = {"red", "green", "blue", "yellow", "orange", "purple", "pink", "grey", "gray", "black",
            "white", "brown", "violet", "gold", "amber"}
_FORMAT_WORD = re.compile(r"\s+(?:colou?r|fill|font|background|highlight|shading|text colou?r)\b", re.I)
_STOP = {"i", "excel", "formula", "please", "column", "col", "row", "rows", "sheet", "if", "the",
         "and", "or", "sum", "count", "average", "total", "highlight", "return", "show", "what",
         "how", "can", "give", "calculate", "find", "get", "make", "true", "false", "yes", "no",
         "otherwise", "else", "then", "use", "put", "add", "mark", "flag", "color", "colour"}


def _looks_numeric(s: str) -> bool:
    try:
        float(s.replace(",", ""))
        return True
    except ValueError:
        return False


# ---------------------------------------------------------------- sheet frame


@dataclass
class Frame:
    """The positions a formula's tokens are relative to."""

    first_col: int  # the table's first column (1-based)
    target_row: int
    first_row: int
    last_row: int
    header_row: int
    sheets: list[str] = field(default_factory=list)  # other sheets, for SHEET:k
    sheet_first_cols: list[int] = field(default_factory=list)


def _lit_index(text: str, lits: list[Literal], kinds: tuple[str, ...]) -> int | None:
    for i, lit in enumerate(lits):
        if lit.kind in kinds and lit.text == text:
            return i
    for i, lit in enumerate(lits):  # text literals match case-insensitively, as Excel compares
        if lit.kind in kinds and lit.kind == "text" and lit.text.lower() == text.lower():
            return i
    return None


def _area_tokens(area: str, frame: Frame, first_col: int) -> list[str]:
    out: list[str] = []
    parts = area.split(":")
    # Where rows coincide, a range's ends read as the table's first/last rows and a single
    # cell as the target's row: the choice the model should learn to generalise from.
    if len(parts) > 1:
        named = {frame.header_row: "ROW:H", frame.target_row: "ROW:T", frame.first_row: "ROW:F",
                 frame.last_row: "ROW:L"}
    else:
        named = {frame.header_row: "ROW:H", frame.first_row: "ROW:F", frame.last_row: "ROW:L",
                 frame.target_row: "ROW:T"}
    for k, part in enumerate(parts):
        if k:
            out.append("OP::")
        m = re.fullmatch(r"(\$?)([A-Za-z]{1,3})?(\$?)([0-9]+)?", part)
        if not m or (m.group(2) is None and m.group(4) is None):
            raise CodecError(f"reference part {part!r}")
        if m.group(2):
            if m.group(1):
                out.append("$")
            idx = column_index_from_string(m.group(2).upper()) - first_col
            if not 0 <= idx < MAX_COLUMNS:
                raise CodecError(f"column {m.group(2)} outside the table")
            out.append(f"COL:{idx}")
        if m.group(4):
            if m.group(3):
                out.append("$")
            row = int(m.group(4))
            if row in named:
                out.append(named[row])
            elif str(row) in COMMON_NUMBERS:
                out.append(f"N:{row}")
            else:
                raise CodecError(f"row {row} is not a named row")
    return out


_CRITERION = re.compile(r"(<=|>=|<>|<|>|=)(-?\d+(?:\.\d+)?)")


def encode_formula(formula: str, frame: Frame, lits: list[Literal]) -> list[str]:
    """Token strings of a formula (raises CodecError when it is not expressible)."""
    toks = [t for t in tokenize(formula.strip()) if t.kind != Kind.WS]
    if toks and toks[0].kind == Kind.OP and toks[0].text == "=":
        toks = toks[1:]
    out = ["DOMAIN:formula"]
    skip = skip_to = -1
    for pos, t in enumerate(toks):
        if pos == skip:
            continue
        k = t.kind
        if pos <= skip_to:
            continue
        if k == Kind.FUNC and t.text.upper() == "DATE":
            depth, j = 0, pos + 1
            while j < len(toks):
                depth += toks[j].kind == Kind.OPEN
                depth -= toks[j].kind == Kind.CLOSE
                if depth == 0:
                    break
                j += 1
            call = "DATE" + "".join(x.text for x in toks[pos + 1:j + 1])
            i = _lit_index(call, lits, ("date",))
            if i is not None:  # a date from the request: DATE(2024,1,31) is one literal
                out.append(f"LIT:{i}")
                skip_to = j
                continue
        if k == Kind.FUNC:
            name = strip_prefix(t.text)
            if name not in FUNCTIONS:
                raise CodecError(f"function {name} not in the vocabulary")
            out.append(f"FN:{name}")
        elif k in (Kind.OPEN, Kind.CLOSE, Kind.SEP, Kind.ARRAY_OPEN, Kind.ARRAY_CLOSE):
            out.append(t.text)
        elif k == Kind.OP:
            out.append(f"OP:{t.text}" if t.text != "%" else "%")
        elif k == Kind.BOOL:
            out.append(t.text.upper())
        elif k == Kind.ERROR:
            if t.text.upper() not in TOKEN_ID:
                raise CodecError(f"error {t.text}")
            out.append(t.text.upper())
        elif k == Kind.NUMBER:
            nxt = toks[pos + 1] if pos + 1 < len(toks) else None
            if nxt is not None and nxt.kind == Kind.OP and nxt.text == "%":
                i = _lit_index(t.text + "%", lits, ("number",))
                if i is not None:  # "10%" in the request, 10% in the formula
                    out.append(f"LIT:{i}")
                    skip = pos + 1
                    continue
            i = _lit_index(t.text, lits, ("number",))
            if i is None and out[-1] == "OP:-":
                j = _lit_index("-" + t.text, lits, ("number",))
                if j is not None:
                    out[-1] = f"LIT:{j}"
                    continue
            if i is None and t.text in COMMON_NUMBERS:
                out.append(f"N:{t.text}")
            elif i is not None:
                out.append(f"LIT:{i}")
            else:
                raise CodecError(f"number {t.text} is not in the request")
        elif k == Kind.STRING:
            s = t.text[1:-1].replace('""', '"')
            i = _lit_index(s, lits, ("text",))
            crit = _CRITERION.fullmatch(s)
            j = _lit_index(crit.group(2), lits, ("number",)) if crit else None
            if i is not None:
                out.append(f"LIT:{i}")
            elif s in COMMON_STRINGS:
                out.append(f"S:{s}")
            elif crit and (j is not None or crit.group(2) in COMMON_NUMBERS):
                # a criterion "<20" is written as "<"&20, which means the same to COUNTIF and
                # its kin, so the number is still copied from the request
                out += [f"S:{crit.group(1)}", "OP:&", f"LIT:{j}" if j is not None else f"N:{crit.group(2)}"]
            else:
                raise CodecError(f"text {s!r} is not in the request")
        elif k == Kind.REF:
            i = _lit_index(t.text.upper().replace("$", "") if "$" not in t.text else t.text.upper(),
                           lits, ("ref",))
            if i is not None and "!" not in t.text:
                out.append(f"LIT:{i}")
                continue
            sheet, area = split_sheet(t.text)
            first_col = frame.first_col
            if sheet is not None:
                names = [s.lower() for s in frame.sheets]
                if sheet.lower() not in names:
                    raise CodecError(f"sheet {sheet} not in the workbook")
                si = names.index(sheet.lower())
                out += [f"SHEET:{si}", "!"]
                first_col = frame.sheet_first_cols[si] if si < len(frame.sheet_first_cols) else 1
            out += _area_tokens(area, frame, first_col)
        else:
            raise CodecError(f"cannot encode {t.text!r}")
    out.append(EOS)
    return out


# Date literals are DATE(...) calls, which a function argument or an operand can be alike.


def _literal(token: str, lits: list[Literal]) -> Literal:
    i = int(token[4:])
    if i >= len(lits):
        raise CodecError("literal index beyond the request's literals")
    return lits[i]


def decode_formula(tokens: list[str], frame: Frame, lits: list[Literal]) -> str:
    """Formula text of a token sequence (stops at the first end token). Raises CodecError."""
    out: list[str] = []
    cur_first_col = frame.first_col
    for t in tokens:
        if t in (EOS, PAD):
            break
        if t in (BOS, "DOMAIN:formula"):
            continue
        if t.startswith("FN:"):
            out.append(t[3:])
        elif t.startswith("OP:"):
            out.append(t[3:])
        elif t.startswith("N:"):
            out.append(t[2:])
        elif t.startswith("S:"):
            out.append(formula_string(t[2:]))
        elif t.startswith("LIT:"):
            lit = _literal(t, lits)
            out.append(formula_string(lit.text) if lit.kind == "text" else lit.text)
        elif t.startswith("COL:"):
            out.append(get_column_letter(cur_first_col + int(t[4:])))
        elif t in ROW_TOKENS:
            out.append(str({"ROW:T": frame.target_row, "ROW:F": frame.first_row,
                            "ROW:L": frame.last_row, "ROW:H": frame.header_row}[t]))
        elif t.startswith("SHEET:"):
            i = int(t[6:])
            if i >= len(frame.sheets):
                raise CodecError("sheet index beyond the workbook's sheets")
            out.append(quote_sheet(frame.sheets[i]))
            cur_first_col = frame.sheet_first_cols[i] if i < len(frame.sheet_first_cols) else 1
            continue
        elif t.startswith(("RULE:", "C:", "DOMAIN:")) or t in ("PCT", UNK):
            raise CodecError(f"token {t} does not belong in a formula")
        else:
            out.append(t)
        if t in ("(", ",", ")") or (t.startswith(("FN:", "OP:")) and t != "OP::"):
            cur_first_col = frame.first_col  # a range's second half stays on its sheet
    return "=" + "".join(out)


# ---------------------------------------------------------------- rules


def encode_rule(rule_text: str, lits: list[Literal]) -> list[str]:
    rule = R.parse_rule(rule_text)
    out = ["DOMAIN:cf"]

    def go(r) -> None:
        if isinstance(r, R.FormulaRule):
            raise CodecError("formula rules are not generated by the model")
        out.append(f"RULE:{r.name}")
        out.append("(")
        parts: list[list[str]] = []
        if r.column is not None:
            if r.column >= MAX_COLUMNS:
                raise CodecError("rule column beyond the vocabulary")
            parts.append([f"C:{r.column}"])
        for a in r.args:
            if isinstance(a, R.Rule):
                sub: list[str] = []
                saved = len(out)
                go(a)
                sub = out[saved:]
                del out[saved:]
                parts.append(sub)
            elif isinstance(a, R.Cell):  # the suggestion pipeline writes these (repairs._cell_repairs)
                raise CodecError("cell references are not in the rule vocabulary")
            elif isinstance(a, R.Num):
                text = R._fmt_num(a.text)
                i = _lit_index(text + ("%" if r.percent else ""), lits, ("number",))
                if i is None:
                    i = _lit_index(text, lits, ("number",))
                if i is not None:
                    parts.append([f"LIT:{i}"] + (["PCT"] if r.percent and not
                                                 lits[i].text.endswith("%") else []))
                elif text in COMMON_NUMBERS:
                    parts.append([f"N:{text}"] + (["PCT"] if r.percent else []))
                else:
                    raise CodecError(f"number {text} is not in the request")
            else:
                i = _lit_index(a.value, lits, ("text", "number"))
                if i is not None:
                    parts.append([f"LIT:{i}"])
                elif a.value in COMMON_STRINGS:
                    parts.append([f"S:{a.value}"])
                else:
                    raise CodecError(f"text {a.value!r} is not in the request")
        for k, p in enumerate(parts):
            if k:
                out.append(",")
            out.extend(p)
        out.append(")")

    go(rule)
    out.append(EOS)
    return out


def decode_rule(tokens: list[str], lits: list[Literal]) -> str:
    out: list[str] = []
    for t in tokens:
        if t in (EOS, PAD):
            break
        if t in (BOS, "DOMAIN:cf"):
            continue
        if t.startswith("RULE:"):
            out.append(t[5:])
        elif t.startswith("C:"):
            out.append(f"c[{t[2:]}]")
        elif t.startswith("N:"):
            out.append(t[2:])
        elif t.startswith("S:"):
            out.append("'" + t[2:].replace("'", "''") + "'")
        elif t.startswith("LIT:"):
            lit = _literal(t, lits)
            if lit.kind == "number":
                out.append(lit.text)
            else:
                out.append("'" + lit.text.replace("'", "''") + "'")
        elif t == "PCT":
            out.append("%")
        elif t in ("(", ")"):
            out.append(t)
        elif t == ",":
            out.append(", ")
        else:
            raise CodecError(f"token {t} does not belong in a rule")
    text = "".join(out)
    return R.canonical(text)


def ids(tokens: list[str], length: int = SEQ_LEN) -> list[int]:
    """Token ids padded to a fixed length (diffusion generates whole fixed-length sequences)."""
    if len(tokens) > length:
        raise CodecError(f"sequence of {len(tokens)} tokens is longer than {length}")
    return [TOKEN_ID.get(t, TOKEN_ID[UNK]) for t in tokens] + [TOKEN_ID[PAD]] * (length - len(tokens))


def tokens_of(id_list: list[int]) -> list[str]:
    return [VOCAB[i] if 0 <= i < len(VOCAB) else UNK for i in id_list]


def column_slots(ids: list[int], mode: str) -> list[tuple[int, int]]:
    """(position, k) of each main-table column token (COL:k, or C:k in a rule); columns of a
    SHEET:-qualified reference belong to that other sheet and are skipped."""
    prefix = "COL:" if mode == "formula" else "C:"
    out = []
    after_sheet = False
    for pos, t in enumerate(tokens_of(ids)):
        if t.startswith("SHEET:"):
            after_sheet = True
        elif t in ("(", ",", ")") or t.startswith(("FN:", "OP:")) and t != "OP::":
            after_sheet = False
        if t.startswith(prefix) and not after_sheet:
            out.append((pos, int(t[len(prefix):])))
    return out


def columns_of(ids: list[int], mode: str) -> list[int]:
    """The main-table columns a program reads, in order of first appearance."""
    return list(dict.fromkeys(k for _, k in column_slots(ids, mode)))
