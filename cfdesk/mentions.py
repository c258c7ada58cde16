"""Which columns a request names: by header ("unit price"), by a header's words ("price"),
or by letter ("column C", "col C", "the C column").

The pipeline uses this as a check on candidates, like executing them: a candidate that reads
exactly the columns the request names is more likely what the person meant, and a candidate
whose structure is right but whose columns are not can be repaired by substituting the named
columns in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cfdesk.context import Context

_LETTER = re.compile(r"\b(?:column|col\.?|the)\s+([A-Z]{1,2})\b(?:\s+column)?|\b([A-Z]{1,2})\s+column\b")
_WORD = re.compile(r"[a-z0-9%#$]+")
_STOP = {"the", "of", "a", "an", "in", "for", "and", "or", "to", "by", "is", "each", "row", "rows", "all",
         "on", "with", "total", "value", "values", "no", "date", "amount", "name", "type"}


@dataclass
class Mention:
    col: int  # sheet column index
    start: int  # where in the request
    how: str  # letter | header | words


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.lower().replace("_", " ")))


def column_mentions(request: str, ctx: Context, first_col: int, last_col: int) -> list[Mention]:
    """Columns named in the request, in order of appearance (each at most once)."""
    found: dict[int, Mention] = {}
    letters = {c.letter: c.index for c in ctx.columns if first_col <= c.index <= last_col}
    for m in _LETTER.finditer(request):
        letter = m.group(1) or m.group(2)
        if letter in letters and letters[letter] not in found:
            found[letters[letter]] = Mention(letters[letter], m.start(), "letter")
    low = " " + _norm(request) + " "
    raw_low = request.lower().replace("_", " ")
    # whole headers first, longest first, so "unit price" wins over "price"
    cols = [c for c in ctx.columns if first_col <= c.index <= last_col and c.header]
    for c in sorted(cols, key=lambda c: -len(c.header)):
        h = _norm(c.header)
        if h and f" {h} " in low and c.index not in found:
            pos = raw_low.find(h.split()[0]) if h.split() else 0
            found[c.index] = Mention(c.index, max(pos, 0), "header")
    # then distinctive header words ("price" for "Unit Price") when one column alone has them
    words = {w for w in low.split() if w not in _STOP and len(w) > 2}
    owners: dict[str, list] = {}
    for c in cols:
        for w in set(_norm(c.header).split()):
            if w in words and w not in _STOP and len(w) > 2:
                owners.setdefault(w, []).append(c)
    for w, cs in owners.items():
        if len(cs) == 1 and cs[0].index not in found:
            found[cs[0].index] = Mention(cs[0].index, max(raw_low.find(w), 0), "words")
    return sorted(found.values(), key=lambda m: m.start)


# Comparison words, longest first: "at least" before "least", "or more" before "more than".
_COMPARISONS = [
    (">=", r"(?:greater|more|higher|larger|bigger) than or equal(?: to)?|at least|no less than|not less than"
           r"|no fewer than|or (?:more|greater|above|higher|over)|>=|≥"),
    ("<=", r"(?:less|fewer|lower|smaller) than or equal(?: to)?|at most|no more than|not more than|up to"
           r"|or (?:less|fewer|below|lower|under)|<=|≤"),
    (">", r"(?:greater|more|higher|larger|bigger) than|above|over|exceeds?|exceeding|>"),
    ("<", r"(?:less|fewer|lower|smaller) than|below|under|<"),
]


def comparison_words(request: str) -> set[str]:
    """The comparison operators a request's words ask for ("at least 5" -> >=, "below 10" -> <).
    Empty where it names none. Words inside a longer phrase count once, for the longer one."""
    low = request.lower()
    taken = [False] * len(low)
    found = set()
    for op, pattern in _COMPARISONS:
        for m in re.finditer(rf"(?<![\w<>=])(?:{pattern})(?![\w=>])", low):
            if any(taken[m.start():m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            found.add(op)
    return found
