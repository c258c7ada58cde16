"""Which code token may come next: prefix automata for the formula and rule token languages.

The diffusion decoder predicts every position at once, and its argmax often breaks the
syntax ("IF ( C2 > 0 , <eos>", "Between ( c[1] <eos>") while the right token at the broken
position is among its next few guesses. ``best_valid`` searches the decoder's per-position
log-probabilities for the most probable sequence these automata accept, so every sample is
a program that parses. The automata know the token language (codec), not the sheet, except
for what each literal slot holds (a rule's count must be a number).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np

from cfdesk import codec
from cfdesk.cf.rules import SPECS

V = len(codec.VOCAB)
EOS = codec.TOKEN_ID[codec.EOS]


def _ids(pred) -> np.ndarray:
    m = np.zeros(V, dtype=bool)
    for t, i in codec.TOKEN_ID.items():
        if pred(t):
            m[i] = True
    return m


def _one(*toks: str) -> np.ndarray:
    m = np.zeros(V, dtype=bool)
    m[[codec.TOKEN_ID[t] for t in toks]] = True
    return m


FN = _ids(lambda t: t.startswith("FN:"))
COL = _ids(lambda t: t.startswith("COL:"))
ROW = _ids(lambda t: t in codec.ROW_TOKENS)
NUM = _ids(lambda t: t.startswith("N:"))
STR = _ids(lambda t: t.startswith("S:"))
SHEET = _ids(lambda t: t.startswith("SHEET:"))
ERRORS = _ids(lambda t: t.startswith("#"))
BOOL = _one("TRUE", "FALSE")
RULE = _ids(lambda t: t.startswith("RULE:"))
C = _ids(lambda t: t.startswith("C:"))
BINARY = _ids(lambda t: t.startswith("OP:") and t not in ("OP::", "OP:%"))
UNARY = _one("OP:+", "OP:-")
NO_ARGS = {"TODAY", "NOW", "PI", "RAND", "NA"}  # FN() and nothing else
OPTIONAL_ARGS = {"ROW", "COLUMN"}  # ROW() or ROW(ref)


def _lits(literals: Sequence, kinds: tuple[str, ...], ok: Callable[[Any], bool] = lambda lit: True
          ) -> np.ndarray:
    """The LIT:k tokens of the literals of these kinds (and that ``ok`` accepts)."""
    m = np.zeros(V, dtype=bool)
    for k, lit in enumerate(literals[:codec.MAX_LITERALS]):
        if lit.kind in kinds and ok(lit):
            m[codec.TOKEN_ID[f"LIT:{k}"]] = True
    return m


class Grammar:
    """A prefix automaton: ``start()`` state, ``allowed(state)`` (vocab,) bool mask of the
    tokens that may come next (cached per state), ``step(state, token)`` the next state."""

    START: Hashable = ()

    def __init__(self) -> None:
        self._cache: dict = {}

    def start(self) -> Hashable:
        return self.START

    def allowed(self, state: Hashable) -> np.ndarray:
        m = self._cache.get(state)
        if m is None:
            m = self._cache[state] = self._allowed(state)
        return m

    def _allowed(self, state) -> np.ndarray:
        raise NotImplementedError

    def step(self, state: Hashable, tok: int) -> Hashable:
        raise NotImplementedError


class FormulaGrammar(Grammar):
    """Formula tokens after DOMAIN:formula. State: (mode, stack); the stack holds "call",
    "group" and "array" for each open bracket, innermost last."""

    START = ("operand", ())

    def __init__(self, literals: Sequence = ()):
        super().__init__()
        self.lit = _lits(literals, ("number", "text", "date", "ref"))
        self.lit_ref = _lits(literals, ("ref",))
        constant = NUM | STR | BOOL | self.lit & ~self.lit_ref
        self.masks = {
            # an operand starts here (a unary sign keeps this mode)
            "operand": FN | COL | SHEET | self.lit | NUM | STR | BOOL | ERRORS | UNARY
            | _one("(", "$", "{"),
            "part": COL | SHEET | self.lit_ref | _one("$"),  # after ':' a reference follows
            "dollar": COL,  # "$" before a column
            "col": ROW | NUM | _one("$", "OP::"),  # a column: its row, or ':' for C:C
            "row": ROW | NUM,  # "$" before a row
            "colrange": COL | _one("$"),  # C: then the last column
            "rdollar": COL,
            "sheet": _one("!"),
            "fn": _one("("),
            "array": constant | UNARY,
            "array_after": _one(",", ";", "}"),
        }
        self._after = BINARY | _one("%")

    def _allowed(self, state) -> np.ndarray:
        mode, stack = state[0], state[1]
        if mode in ("after", "after_ref"):
            m = self._after.copy()
            if mode == "after_ref":
                m |= _one("OP::")
            if stack and stack[-1] == "call":
                m |= _one(",", ")")
            elif stack and stack[-1] == "group":
                m |= _one(")")
            elif not stack:
                m[EOS] = True
            return m
        if mode == "args":  # just after FN(: a function's arguments are never empty
            return self.masks["operand"]
        if mode == "args_opt":
            return self.masks["operand"] | _one(")")
        if mode == "args0":
            return _one(")")
        return self.masks[mode]

    def step(self, state: Hashable, tok: int) -> Hashable:
        mode, stack = state[0], state[1]
        t = codec.VOCAB[tok]
        if mode in ("operand", "args", "args_opt", "args0", "part"):
            if t == ")":
                return ("after", stack[:-1])
            if t.startswith("FN:"):
                name = t[3:]
                return ("fn", stack, "args0" if name in NO_ARGS else "args_opt" if name in OPTIONAL_ARGS
                        else "args")
            if t == "(":
                return ("operand", stack + ("group",))
            if t == "{":
                return ("array", stack + ("array",))
            if t == "$":
                return ("dollar", stack)
            if t.startswith("COL:"):
                return ("col", stack)
            if t.startswith("SHEET:"):
                return ("sheet", stack)
            if t in ("OP:+", "OP:-"):
                return ("operand", stack)
            if t.startswith("LIT:") and self.lit_ref[tok]:
                return ("after_ref", stack)
            return ("after", stack)
        if mode == "fn":
            return (state[2], stack + ("call",))
        if mode == "sheet":
            return ("part", stack)
        if mode == "dollar":
            return ("col", stack)
        if mode == "col":
            if t == "$":
                return ("row", stack)
            if t == "OP::":
                return ("colrange", stack)
            return ("after_ref", stack)
        if mode == "row":
            return ("after_ref", stack)
        if mode == "colrange":
            return ("rdollar", stack) if t == "$" else ("after", stack)
        if mode == "rdollar":
            return ("after", stack)
        if mode == "array":
            return ("array", stack) if t in ("OP:+", "OP:-") else ("array_after", stack)
        if mode == "array_after":
            return ("after", stack[:-1]) if t == "}" else ("array", stack)
        # after an operand
        if t == "OP::":
            return ("part", stack)
        if t == "%":
            return ("after", stack)
        if t.startswith("OP:"):
            return ("operand", stack)
        if t == ",":
            return ("operand", stack)
        if t == ")":
            return ("after", stack[:-1])
        return ("end", stack)


def _count(text: str, percent: bool = False) -> bool:
    """Whether a number's text is a valid Top()/Bottom() argument: positive, and whole unless
    it is a percentage."""
    try:
        v = float(text)
    except ValueError:
        return False
    return v > 0 and (percent or v.is_integer())


class RuleGrammar(Grammar):
    """Rule tokens after DOMAIN:cf: RULE:Name ( [C:k ,] arguments ) with the argument count
    and kind each rule takes (SPECS); AND/OR/NOT nest rules. State: a stack of
    (spec, stage, args so far) frames, or "end"."""

    ARITY = {"none": (0, 0), "value": (1, 1), "text": (1, 1), "num": (1, 1), "num2": (2, 2),
             "rank": (1, 1), "rules": (2, 8), "rule": (1, 1)}

    START = ("rule", ())

    def __init__(self, literals: Sequence = ()):
        super().__init__()
        number = NUM | _lits(literals, ("number",))
        text = STR | _lits(literals, ("text", "number"))
        # Between() reads plain numbers (no "10%"); Top()/Bottom() a positive whole count or
        # a positive percentage (cfdesk.cf.rules): the diffusion decoder's argmax otherwise
        # often lands on Top(0)
        plain = NUM | _lits(literals, ("number",), lambda lit: not lit.text.endswith("%"))
        rank = _ids(lambda t: t.startswith("N:") and _count(t[2:])) | _lits(
            literals, ("number",), lambda lit: _count(lit.text.removesuffix("%"), lit.text.endswith("%")))
        self.arg = {"value": number | text, "text": text, "num": number, "num2": plain,
                    "rank": rank, "rules": RULE, "rule": RULE, "none": np.zeros(V, dtype=bool)}

    def _allowed(self, state) -> np.ndarray:
        mode, stack = state
        if mode == "rule":
            return RULE
        if mode == "open":
            return _one("(")
        if mode == "end":
            m = np.zeros(V, dtype=bool)
            m[EOS] = True
            return m
        spec, stage, n = stack[-1]
        lo, hi = self.ARITY[spec]
        m = np.zeros(V, dtype=bool)
        if stage == "start":
            if spec not in ("rules", "rule"):
                m |= C
            m |= self.arg[spec]
        elif stage == "sep":
            m |= self.arg[spec]
        if stage in ("start", "col", "arg", "pct") and n >= lo:
            m |= _one(")")
        if stage == "col" and hi > 0:
            m |= _one(",")
        if stage == "arg":
            if n < hi:
                m |= _one(",")
            if spec == "rank":
                m |= _one("PCT")
        return m

    def step(self, state: Hashable, tok: int) -> Hashable:
        mode, stack = state
        t = codec.VOCAB[tok]
        if mode == "rule":
            return ("open", stack + ((SPECS.get(t[5:], "none"), "pre", 0),))
        if mode == "open":
            spec, _, n = stack[-1]
            return ("in", stack[:-1] + ((spec, "start", 0),))
        spec, stage, n = stack[-1]
        if t == ")":
            rest = stack[:-1]
            if not rest:
                return ("end", ())
            pspec, _, pn = rest[-1]
            return ("in", rest[:-1] + ((pspec, "arg", pn + 1),))
        if t.startswith("C:"):
            return ("in", stack[:-1] + ((spec, "col", n),))
        if t == ",":
            return ("in", stack[:-1] + ((spec, "sep", n),))
        if t == "PCT":
            return ("in", stack[:-1] + ((spec, "pct", n),))
        if t.startswith("RULE:"):
            return ("open", stack + ((SPECS.get(t[5:], "none"), "pre", 0),))
        return ("in", stack[:-1] + ((spec, "arg", n + 1),))


def grammar_for(mode: str, literals: Sequence = ()) -> Grammar:
    return FormulaGrammar(literals) if mode == "formula" else RuleGrammar(literals)


def accepts(grammar: Grammar, ids: Sequence[int]) -> bool:
    """Whether a whole sequence (domain token first, then up to the end token) is well formed."""
    state = grammar.start()
    for tok in ids[1:]:
        if not grammar.allowed(state)[tok]:
            return False
        if tok == EOS:
            return True
        state = grammar.step(state, tok)
    return False


def readings(logp: np.ndarray, grammar: Grammar, n: int = 1, beam: int = 4, first: int | None = None
             ) -> list[tuple[list[int], float]]:
    """The ``n`` most probable well-formed sequences under per-position log-probabilities
    ``logp`` (seq_len, vocab), best first, by beam search over positions; each scored by its
    mean log-probability up to and including the end token, as the sampler scores. Position 0
    keeps ``first`` (the domain token; its argmax when None). Empty when nothing fits."""
    L = logp.shape[0]
    head = int(logp[0].argmax()) if first is None else first
    beams: list[tuple[float, list[int], Hashable]] = [(float(logp[0, head]), [head], grammar.start())]
    done: list[tuple[float, list[int]]] = []
    width = max(beam, n)
    for pos in range(1, L):
        row = logp[pos]
        order = np.argsort(-row)
        nxt: list[tuple[float, list[int], Hashable]] = []
        for total, seq, state in beams:
            ok = grammar.allowed(state)
            taken = 0
            for tok in order:
                if not ok[tok]:
                    continue
                lp = float(row[tok])
                if lp == float("-inf"):
                    break
                if tok == EOS:
                    done.append(((total + lp) / (pos + 1), seq + [int(tok)]))
                else:
                    nxt.append((total + lp, seq + [int(tok)], grammar.step(state, int(tok))))
                taken += 1
                if taken >= width:
                    break
        nxt.sort(key=lambda b: -b[0])
        beams = nxt[:width]
        if not beams:
            break
    done.sort(key=lambda d: -d[0])
    pad = codec.TOKEN_ID[codec.PAD]
    return [(seq + [pad] * (L - len(seq)), score) for score, seq in done[:n]]


def best_valid(logp: np.ndarray, grammar: Grammar, beam: int = 4, first: int | None = None
               ) -> tuple[list[int], float] | None:
    """The most probable well-formed sequence (see ``readings``), or None when nothing fits."""
    r = readings(logp, grammar, 1, beam, first)
    return r[0] if r else None


def prefix_bias(grammar: Grammar, static=None) -> Callable[[list[int]], Any]:
    """For step-by-step decoders (the AR baseline's beam search): a function from the ids so
    far (domain token first) to a (vocab,) bias, -inf for every token the grammar or the
    position's row of ``static`` (seq_len, vocab), the request's constraints, rules out."""
    import torch

    states: dict[tuple[int, ...], Hashable] = {(): grammar.start()}

    def state_of(p: tuple[int, ...]) -> Hashable:
        if p not in states:
            states[p] = grammar.step(state_of(p[:-1]), p[-1])
        return states[p]

    def bias(prefix: list[int]) -> torch.Tensor:
        pos = len(prefix)
        b = torch.zeros(V) if static is None else static[min(pos, static.shape[0] - 1)].clone()
        if pos:
            ok = grammar.allowed(state_of(tuple(prefix[1:])))
            b[torch.from_numpy(~ok)] = float("-inf")
        return b

    return bias
