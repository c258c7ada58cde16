"""Which columns a request names: by header ("unit price"), by a header's words ("price"),
or by letter ("column C", "col C", "the C column").

The pipeline uses this as a check on candidates, like executing them: a candidate that reads
exactly the columns the request names is more likely what the person meant, and a candidate
whose structure is right but whose columns are not can be repaired by substituting the named
columns in order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from cfdesk import codec
from cfdesk.context import Context

_LETTER = re.compile(r"\b(?:column|col\.?|the)\s+([A-Z]{1,2})\b(?:\s+column)?|\b([A-Z]{1,2})\s+column\b")
_WORD = re.compile(r"[a-z0-9%#$]+")
_RANK_WORDS = "top|bottom|highest|lowest|best|worst|most|least|biggest|largest|smallest"
_UNIT_NOTE = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_STOP = {"the", "of", "a", "an", "in", "for", "and", "or", "to", "by", "is", "each", "row", "rows", "all",
         "on", "with", "total", "value", "values", "no", "date", "amount", "name", "type"}


@dataclass
class Mention:
    col: int  # sheet column index
    start: int  # where in the request
    how: str  # letter | header | words


# area units, which headers write as a symbol ("Floor Area (m²)") and requests in words ("sales
# per square metre"): one word for each, so that either names the other (not "m2", a cell)
_AREA_UNITS = [(re.compile(r"\bsq(?:uare|\.)?\s*(?:met(?:re|er)s?|m)\b|\bm²"), "sqm"),
               (re.compile(r"\bsq(?:uare|\.)?\s*(?:f(?:oo|ee)t|ft)\b|\bft²"), "sqft")]


def _norm(s: str) -> str:
    s = s.lower().replace("_", " ")
    for pattern, word in _AREA_UNITS:
        s = pattern.sub(f" {word} ", s)
    return " ".join(_WORD.findall(s))


def _find(raw_low: str, word: str) -> int:
    """Where a normalised word stands in the lower-cased request: its own place, or its area
    unit's words ("sqm" at "square metre"); 0 where neither is there."""
    at = raw_low.find(word)
    if at < 0:
        at = next((m.start() for pattern, w in _AREA_UNITS if w == word for m in [pattern.search(raw_low)] if m), 0)
    return max(at, 0)


_NUMBER_TYPES = {"integer", "number", "currency", "percent"}


def plural(header: str) -> str:
    """The English plural of a normalised header's last word: revenue -> revenues, salary ->
    salaries, tax -> taxes."""
    if re.search(r"[^aeiou]y$", header):
        return header[:-1] + "ies"
    return header + ("es" if re.search(r"(?:s|x|z|ch|sh)$", header) else "s")


# two-letter words that are English, not a unit or a code like "km", "kg", "id"
_SHORT_WORDS = {"am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my",
                "no", "of", "on", "or", "so", "to", "up", "us", "we", "pm"}


def _distinctive(w: str) -> bool:
    """A word long enough to tell a column by: three letters, or two that are no English word
    ("km" for "Km Driven")."""
    return len(w) > 2 or (len(w) == 2 and w.isalpha() and w not in _SHORT_WORDS)


def _verb_forms(w: str) -> list[str]:
    """The verb and its -ing form of a header word in -ed ("planted": plant, planting;
    "closed": close, closing); none for other words or short ones."""
    if len(w) < 6 or not w.endswith("ed"):
        return []
    stem = w[:-2]
    forms = [stem, stem + "ing", w[:-1], stem[:-1] + "ing" if len(stem) > 2 and stem[-1] == stem[-2] else ""]
    return [f for f in forms if len(f) > 3]


def _noun_forms(w: str) -> list[str]:
    """The nouns of a header word in -ed ("generated": generation; "installed": installation;
    "inspected": inspection; "enrolled": enrollment; "booked": bookings); none for other
    words or short ones."""
    if len(w) < 6 or not w.endswith("ed"):
        return []
    stem = w[:-2]
    return [stem + "ion", stem + "ation", stem + "ment", stem + "ings"]


_RATE_HEADER = re.compile(r"\b(?:rate|%|percent|pct|tax|vat|discount|commission)\b", re.I)
_MONEY_WORD = re.compile(r"(?<=\d )(?:dollars?|euros?|pounds?|bucks|quid|usd|eur|gbp)\b")
_MONEY_HEADERS = {"price", "cost", "fee", "fare", "amount", "rent", "salary", "pay", "wage", "charge", "value"}
_TIME_WORD = re.compile(r"\b(?:an? hour|hours?|hrs?|minutes?|mins?|seconds?|secs?)\b")


def _participles(w: str) -> list[str]:
    """The past participles of a header noun ("downloads": downloaded; "rating": rated;
    "price": priced; "score": scored); none for short words."""
    if len(w) < 4:
        return []
    if w.endswith("ing") and len(w) > 5:
        stem = w[:-3]
        return [stem + "ed", stem + "d" if stem.endswith("e") else stem + "ed"]
    base = w[:-1] if w.endswith("s") and not w.endswith("ss") else w
    return [base + "d"] if base.endswith("e") else [base + "ed"]


def _owner_only(words: str, raw_low: str) -> bool:
    """Whether the request says ``words`` only as an owner ("member's"): it names the rows."""
    return bool(re.search(rf"\b{re.escape(words)}['’]s\b", raw_low)) and not re.search(
        rf"\b{re.escape(words)}\b(?!['’]s\b)", raw_low)


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
    unheard = low  # the request less the headers found: "overtime hours" names no Hours column
    for c in sorted(cols, key=lambda c: -len(c.header)):
        h = _norm(c.header)
        # a header whose name is one common word before its unit ("Value (USD)", "Amount (EUR)")
        # is named by that word, as a header of the word alone is; the words pass below skips it
        bare = _norm(_UNIT_NOTE.sub(" ", c.header))
        if h and f" {h} " not in unheard and bare in _STOP:
            h = bare
        if h and f" {h} " in unheard and c.index not in found:
            if c.type == "text" and _owner_only(h, raw_low):
                continue  # "the youngest member's age": the rows' owner, not the Member column
            # "price per guest" beside Guest (a name) and Guests (a count): one divides by the count
            counted = next((o for o in cols if o.type in _NUMBER_TYPES and _norm(o.header) == plural(h)), None)
            per = re.search(rf"\b(?:per|each|every|a)\s+{re.escape(h)}\b", raw_low)
            named = counted if c.type == "text" and counted is not None and per else c
            # where the whole header stands ("reorder? ... the reorder point": the second)
            pos = raw_low.find(h) if h and h in raw_low else _find(raw_low, h.split()[0]) if h.split() else 0
            found[named.index] = Mention(named.index, max(pos, 0), "header")
            unheard = unheard.replace(f" {h} ", " | ")
    # then a number column's whole header in the plural ("the bottom 5 revenues", "salaries over
    # 50,000"): a plural names the values of a measure. Text columns are left out, since "Office
    # items" or "orders by Gus" name the rows, not an Item or Order column.
    for c in cols:
        h = _norm(c.header)
        if c.index in found or c.type not in _NUMBER_TYPES or not h or h.endswith("s"):
            continue
        p = plural(h)
        if f" {p} " in low:
            found[c.index] = Mention(c.index, max(raw_low.find(p), 0), "header")
    # then distinctive header words ("price" for "Unit Price") when one column alone has them
    words = {w for w in low.split() if w not in _STOP and _distinctive(w)}
    owners: dict[str, list] = {}
    for c in cols:
        # in the header's order, not a set's: the first word that names a column places its
        # mention, and a set's order changes from run to run
        header_words = _norm(c.header).split()
        for w in dict.fromkeys(header_words):
            # a header's plural word names the column in the singular too ("fee per visit")
            said = w if w in words else w[:-1] if len(w) > 3 and w.endswith("s") and w[:-1] in words else None
            # ... and in the plural a number column's last, head word ("rents over 1,500" of
            # Monthly Rent; not "actuals" of Actual Cost, nor "units" of Unit Price; "Office
            # items" names rows, not the Item column)
            # (and a date column's in its verb's -s: "the hour the session starts" of Start)
            said = said or next((p for p in (w + "s", w + "es") if len(w) > 3 and p in words
                                 and (c.type in _NUMBER_TYPES or c.type == "date") and header_words[-1] == w), None)
            # a number or date column's past participle names it by its noun ("fewer than 5
            # bookings" of Booked, "share of all generation" of Generated (kWh), "year of
            # installation" of Installed)
            said = said or next((v for v in _noun_forms(w) if v in words
                                 and (c.type in _NUMBER_TYPES or c.type == "date")), None)
            # a header's past participle names it by its verb where the verb stands alone
            # ("between planting and harvest" for Planted and Harvested; not "shipping cost"),
            # or right after a rank ("the top 3 generating sites")
            said = said or next((v for v in _verb_forms(w) if v in words and (re.search(
                rf"\b{v}\b(?=\s+(?:and|or|to|until|till|through|vs|versus|minus|from)\b|\s*[,.;:?!)]|\s*$)", low)
                or re.search(rf"\b(?:{_RANK_WORDS})(?:\s+\d+)?\s+{v}\b", low))), None)
            # a number column's noun names it by its past participle where the participle ranks
            # or compares ("the 3 most downloaded episodes" of Downloads, "episodes rated below
            # 3.5" of Rating, "items priced over 20" of Price)
            said = said or next((v for v in _participles(w) if v in words and c.type in _NUMBER_TYPES and (
                re.search(rf"\b(?:{_RANK_WORDS}|least|highly|poorly)\s+{v}\b", low)
                or re.search(rf"\b{v}\s+(?:at\s+)?{_MEASURED_BY}", low))), None)
            # a number column's abbreviated header word names it by the whole word ("temperature"
            # of Temp (°C), "preparation time" of Prep (min)): four letters, three or more left out
            said = said or next((r for r in words if len(w) == 4 and len(r) >= 7 and r.startswith(w)
                                 and c.type in _NUMBER_TYPES), None)
            if said is None or w in _STOP or not _distinctive(w):
                continue
            if c.type == "text" and _owner_only(said, raw_low):
                continue
            owners.setdefault(said, []).append(c)
    for w, cs in owners.items():
        if len(cs) == 1 and cs[0].index not in found:
            found[cs[0].index] = Mention(cs[0].index, _find(raw_low, w), "words")
    # then a word of the same meaning as one column's header ("staff earning over 100000" for
    # Salary), where no column is named by that meaning yet
    for said, heard in [(g, g) for g in _SAME_MEANING] + _MEASURES:
        asked = [w for w in low.split() if w in said]
        cs = [c for c in cols if set(_norm(c.header).split()) & heard]
        # (not a word that named a column already: "average age" of an Age column)
        if asked and len(cs) == 1 and cs[0].index not in found and not any(
                m.start == _find(raw_low, asked[0]) for m in found.values()):
            found[cs[0].index] = Mention(cs[0].index, _find(raw_low, asked[0]), "words")
    # "episodes longer than an hour" on Minutes, "average talk length" on Duration (min), "the
    # longest trip" on Distance (mi): a length names the one duration or distance column, in
    # time where the request counts in time ("the longest ride in km" names the distance)
    said = re.search(r"\b(?:longer|longest|shorter|shortest|length|lengths|how long)\b", low)
    numbers = [c for c in cols if c.type in _NUMBER_TYPES]
    units = {c.index: header_unit(c.header) for c in numbers}  # (measure, unit) or None
    measure = {k: u[0] if u else "" for k, u in units.items()}
    timed = [c for c in numbers if measure[c.index] == "time" or set(_norm(c.header).split()) & {"duration", "runtime"}]
    spaced = [c for c in numbers if measure[c.index] == "length"
              or set(_norm(c.header).split()) & {"distance", "length"}]
    cs = timed if _TIME_WORD.search(low) else spaced if any(
        (_unit_of(w) or ("",))[0] == "length" for w in low.split() if len(w) > 1) else timed + spaced
    # (not a text's length: "title length", "length in characters")
    texts = any(c.index in found and c.type == "text" for c in cols)
    if said and len(cs) == 1 and cs[0].index not in found and not re.search(r"\b(?:characters?|chars|letters)\b", low) \
            and not (texts and said.group(0).startswith("length")):
        found[cs[0].index] = Mention(cs[0].index, _find(raw_low, said.group(0).split()[-1]), "words")
    # "fare per mile" of Distance (mi), "price per kg" of Weight (kg): a unit's word names the
    # one column measured in that unit
    for w in dict.fromkeys(unheard.split()):  # (not a word of a header found whole: "rate per hour")
        unit = _unit_of(w) if len(w) > 2 else None
        cs = [c for c in numbers if unit is not None and units[c.index] == unit]
        if len(cs) == 1 and cs[0].index not in found:
            found[cs[0].index] = Mention(cs[0].index, _find(raw_low, w), "words")
    # "plants under 10 pounds", "fares above 40 dollars": money names the one money column
    # (pounds a weight's where a column is weighed)
    said = _MONEY_WORD.search(low)
    cs = [c for c in numbers
          if c.type == "currency" or set(_norm(_UNIT_NOTE.sub(" ", c.header)).split()) & _MONEY_HEADERS]
    weighed = "mass" in measure.values()
    if said and len(cs) == 1 and cs[0].index not in found and not (said.group(0).startswith("pound") and weighed) \
            and not any(c.index in found for c in numbers):
        found[cs[0].index] = Mention(cs[0].index, _find(raw_low, said.group(0)), "words")
    # "the largest payment", "payments over 5,000" on a Payments sheet: the rows' own noun
    # measured or compared names the table's one amount column (Amount, Value, Total)
    # (or the column of the noun's participle: "the largest claim" of Claimed on a Claims sheet)
    noun = _norm(ctx.sheet or "")
    noun = noun[:-1] if noun.endswith("s") and len(noun) > 3 else noun
    amounts = [c for c in cols if c.type in _NUMBER_TYPES and _norm(_UNIT_NOTE.sub(" ", c.header)) in
               _AMOUNT_WORDS | {noun + "ed", noun + "d"}]
    if noun and " " not in noun and len(amounts) == 1 and amounts[0].index not in found:
        row = re.escape(noun)
        # (a share of it may name the part too: "share of the claim that was approved")
        said = re.search(rf"(?<!\w)(?:share|percent(?:age)?|%|fraction|proportion) of\s+(?:the\s+|each\s+)?{row}\b",
                         raw_low)
        if not said and not any(c.type in _NUMBER_TYPES for c in cols if c.index in found):
            said = re.search(rf"\b(?:{_RANK_WORDS}|total)\s+{row}s?\b|\b{row}s?\s+(?={_MEASURED_BY})", raw_low)
        # (a named rate applied to the row: "tax on the invoice" of Tax Rate and Amount)
        if not said and any(c.index in found and c.type in _NUMBER_TYPES | {"percent"} and _RATE_HEADER.search(c.header)
                            for c in cols):
            said = re.search(rf"\b(?:on|of|for)\s+(?:the\s+|each\s+|this\s+|an?\s+)?{row}\b", raw_low)
        if said:  # placed at the noun ("share of the claim ...": after "share of")
            at = said.start() + said.group(0).rfind(noun)
            found[amounts[0].index] = Mention(amounts[0].index, at, "words")
            # the rows' own name column (Claim: CLM-4400) is then no column of the measure
            for c in cols:
                if c.index in found and c.type == "text" and _norm(c.header) == noun:
                    del found[c.index]
    # "price per night" of Nightly Rate, "pay per hour" of Hourly Wage: a period's adjective
    # names its column where the request divides by the period, at the noun it divides ("price"
    # of "price per guest per night": the nightly price is the one divided by the guests)
    for period, adjectives in _PER_PERIOD.items():
        at = re.search(rf"\b(\w+)(?:\s+(?:per|a|an|each|every)\s+\w+)*?\s+(?:per|a|an|each|every)\s+{period}\b",
                       raw_low)
        cs = [c for c in cols if set(_norm(c.header).split()) & adjectives and c.type in _NUMBER_TYPES]
        if at and len(cs) == 1 and cs[0].index not in found:
            found[cs[0].index] = Mention(cs[0].index, at.start(1), "words")
    # "course fee", "the biggest field area": a text column's one-word header right before a
    # number column's name names the rows' owner, as "the course's fee" does; so does one
    # ranked "by" a number column ("rank of the store by sales", "the top 5 products by units")
    by_index = {c.index: c for c in cols}
    for m in list(found.values()):
        c = by_index.get(m.col)
        w = re.match(r"[a-z0-9]+(?:es|s)?(\s+by)?", raw_low[m.start:])
        if m.how == "letter" or c is None or c.type != "text" or not w or len(_norm(c.header).split()) != 1:
            continue
        after = m.start + w.end() + 1
        if any(o.start == after and o.col in by_index and by_index[o.col].type in _NUMBER_TYPES
               for o in found.values()):
            del found[m.col]
    # "the heaviest dog", "the most expensive wine": a text column's one-word header right after
    # a superlative names the rows, where the request names a number column too
    for m in list(found.values()):
        c = by_index.get(m.col)
        if m.how == "letter" or c is None or c.type != "text" or len(_norm(c.header).split()) != 1:
            continue
        if _SUPERLATIVE.search(raw_low, 0, m.start) and any(
                o.col != m.col and o.col in by_index and by_index[o.col].type in _NUMBER_TYPES for o in found.values()):
            del found[m.col]
    # "the most bids on a single lot", "episodes rated below 3.5": the header of a table's
    # first, whole-number key column (Lot: 100, 101, ...; Episode: 1, 2, ...) names the rows, as
    # a text key column's does, where the request names a number or date column too
    # (so does a code key's, Trip: T7000, T7001: "the longest trip"; not "trip ID", "trip number")
    key = next((c.index for c in cols if c.index == ctx.table.first_col and _row_key(c)), None)
    if key in found and found[key].how != "letter" and any(
            by_index[o].type in _NUMBER_TYPES | {"date"} for o in found if o != key and o in by_index) and not re.match(
            r"[a-z]+\s*(?:ids?|numbers?|nos?\.?|codes?|names?|#|refs?)\b", raw_low[found[key].start:]):
        del found[key]
    return sorted(found.values(), key=lambda m: m.start)


# a superlative right before a word: "heaviest ", "most expensive ", "least visited " (not "interest")
_SUPERLATIVE = re.compile(r"(?:\b[a-z]{3,}(?<!inter)(?<!gu)(?<!for)(?<!be)est|\b(?:most|least)\s+[a-z]+)\s+$")


def _row_key(c) -> bool:
    """Whether a column looks like a table's row key: a one-word header over distinct whole
    numbers counting up (lot numbers, episode numbers), not a measure, or over codes of one
    prefix and digits (T7000, S01, WH-3300)."""
    if len(_norm(c.header).split()) != 1 or len(c.samples) < 2:
        return False
    if c.type == "text":
        codes = [re.fullmatch(r"([A-Za-z]{1,4})-?\d{2,}", s) for s in c.samples]
        return all(codes) and len({m.group(1) for m in codes}) == 1
    nums = [s for s in c.samples if re.fullmatch(r"\d+", s)]
    return (c.type == "integer" and len(nums) == len(c.samples)
            and all(int(a) < int(b) for a, b in zip(nums, nums[1:])))


@dataclass
class Flag:
    """A yes/no column the request names by its header ("how many entries are billable",
    "unpaid rentals"), and the value it asks for."""

    col: int  # sheet column index
    letter: str
    value: str  # as a formula writes it: TRUE, FALSE, "Yes", "No"
    text: str | None  # the sheet's own spelling, for a Yes/No text column (a rule can test it)


_YES_NO = ({"yes", "no"}, {"y", "n"})
# the opposite of a yes/no header's first word ("Full Time": part-time)
_OPPOSITE = {"full": "part", "part": "full", "internal": "external", "external": "internal", "on": "off",
             "off": "on", "in": "out", "out": "in", "local": "remote", "remote": "local"}
# words for the "no" side of a yes/no header word ("students who failed" of a Passed column)
_ANTONYMS = {"passed": ("failed", "fail", "fails"), "pass": ("failed", "fail", "fails"),
             "approved": ("rejected", "declined", "denied"), "present": ("absent",), "won": ("lost",),
             "active": ("inactive",), "valid": ("invalid",), "enabled": ("disabled",),
             "completed": ("incomplete", "unfinished"), "complete": ("incomplete", "unfinished"),
             "available": ("unavailable",), "attended": ("absent", "missed"), "married": ("single", "unmarried")}
_NEGATED = re.compile(r"(?:\bnot|n't|\bno|\bnever|\bwithout)\s+(?:\w+\s+){0,2}$")


def asked_flag(request: str, ctx: Context, first_col: int, last_col: int) -> Flag | None:
    """The first TRUE/FALSE or Yes/No column whose header word the request says, with the
    value it asks for: the "no" side where the word is negated ("not reimbursed", "unpaid",
    "non-billable"), the "yes" side otherwise. None where it names none."""
    low = request.lower()
    for c in ctx.columns:
        if not first_col <= c.index <= last_col:
            continue
        spelled = {v.strip().lower(): v.strip() for v in c.samples if isinstance(v, str)}
        if c.type == "boolean":
            yes, no, text = "TRUE", "FALSE", False
        elif c.type == "text" and set(spelled) in _YES_NO:
            yes, no, text = spelled.get("yes", spelled.get("y")), spelled.get("no", spelled.get("n")), True
        else:
            continue

        def flag(v: str, c=c, text=text) -> Flag:
            return Flag(c.index, c.letter, f'"{v}"' if text else v, v if text else None)

        # another column's header of two words or more is that column's name, not this one's
        # word ("fewer than 100 tickets sold" of Tickets Sold, beside a Sold Out column)
        low = request.lower()
        for o in ctx.columns:
            if o.index != c.index and o.header and len(o.header.split()) > 1:
                low = re.sub(rf"(?<!\w){re.escape(o.header.strip().lower())}(?!\w)",
                             lambda m: " " * len(m.group(0)), low)
        words = _norm(c.header).split()
        for i, w in enumerate(words):
            if len(w) < 4 or w in _STOP:
                continue
            before = words[i - 1] if i else None
            if before in _OPPOSITE and re.search(rf"\b{_OPPOSITE[before]}[- ]?{re.escape(w)}\b", low):
                # "part-time staff" of a Full Time column: its "no" side
                return flag(no)
            if any(re.search(rf"\b{a}\b", low) for a in _ANTONYMS.get(w, ())) and not re.search(
                    rf"\b{re.escape(w)}\b", low):
                return flag(no)  # "students who failed" of a Passed column
            # the header word, or a one-word header's plural ("smokers" of a Smoker column: the
            # rows it says yes of; not "times" of Full Time)
            plural = "(?:s|es)?" if len(words) == 1 else ""
            m = re.search(rf"\b(un|non-?|non )?{re.escape(w)}{plural}\b", low)
            if m and before is not None and re.search(rf"\b(?!{re.escape(before)}\b)[a-z]+-$", low[:m.start()]):
                continue  # "time" of "overtime" or "half-time", not of Full Time
            if m:
                negated = bool(m.group(1)) or bool(_NEGATED.search(low[:m.start()]))
                # "the queen wasn't seen" of Queen Seen, "invoice not sent" of Invoice Sent: a
                # negation between the header's words
                for later in words[i + 1:]:
                    m2 = re.compile(rf"\b{re.escape(later)}\b").search(low, m.end(), m.end() + 25)
                    negated = negated or bool(m2 and _NEGATED.search(low[:m2.start()]))
                return flag(no if negated else yes)
    return None


def said_boolean(request: str, ctx: Context, first_col: int, last_col: int) -> Flag | None:
    """The first TRUE/FALSE column of a rule's range where the request writes one of the two
    values as a word ("FALSE Highlighted in sheet Document Type"), with that value; None where
    it writes both, neither, or the range holds no such column. Rules only: a formula's TRUE
    is as often the result it returns."""
    said = {w.upper() for w in re.findall(r"\b(true|false)\b", request, re.I)}
    if len(said) != 1:
        return None
    value = said.pop()
    return next((Flag(c.index, c.letter, value, None) for c in ctx.columns
                 if first_col <= c.index <= last_col and c.type == "boolean"), None)


# words people use for a column whose header says it another way
_SAME_MEANING = [
    {"salary", "salaries", "pay", "wage", "wages", "earn", "earns", "earning", "earnings", "paid"},
    {"quantity", "quantities", "qty", "units"},
    {"cost", "costs", "spend", "spent", "spending", "expense", "expenses", "expenditure"},
    {"audience", "audiences", "attendance", "attendees", "turnout", "headcount"},
    {"capacity", "seats", "places", "spaces", "spots"},
]
# "the heaviest shipment" on Weight (kg), "the 10 most expensive items" on Unit Cost, "the
# youngest member" on Age: words of degree that name their measure's column (the request's
# words, then the header words they name; a noun such as "fee" may be another sheet's column)
_MEASURES = [
    ({"heaviest", "lightest", "heavier", "lighter", "weighs"}, {"weight", "kg", "kgs", "lb", "lbs", "mass"}),
    ({"expensive", "cheapest", "cheaper", "pricier", "priciest", "costliest"}, {"price", "cost", "costs"}),
    ({"oldest", "youngest", "older", "younger"}, {"age"}),
    # "the longest book" on Pages, "the biggest plot" on Size (m²), "the 3 best sellers" on Copies Sold
    ({"longest", "shortest", "longer", "shorter"}, {"pages", "length", "duration", "runtime"}),
    ({"biggest", "largest", "smallest", "bigger", "larger", "smaller"}, {"size", "area"}),
    ({"seller", "sellers", "selling", "bestseller", "bestsellers", "bestselling"}, {"sold", "sales"}),
    # "the strongest beer", "batches stronger than 6%" on ABV (%)
    ({"strongest", "weakest", "stronger", "weaker", "strength"}, {"abv", "strength", "alcohol", "proof"}),
    ({"tallest", "shortest", "taller", "shorter"}, {"height", "cm"}),
    # "age at the visit" on Birth Date, where no Age column is named
    ({"age", "aged", "ages"}, {"birth", "born", "dob", "birthdate", "birthday"}),
    # units: "fee per minute" on Duration (min), "over 100,000 miles" on Mileage
    ({"minute", "minutes", "mins"}, {"min", "mins", "minutes"}),
    # "Frost if the minimum is below 0" of Min Temp (°C) beside Max Temp (°C)
    ({"minimum", "lowest"}, {"min", "minimum", "low"}),
    ({"maximum", "highest"}, {"max", "maximum", "high"}),
    ({"mile", "miles"}, {"mileage", "miles", "odometer"}),
    # "yield per hectare" on Area (ha), "in tonnes" on Yield (t), "litres" on Volume (l)
    ({"hectare", "hectares"}, {"ha", "hectare", "hectares"}),
    ({"tonne", "tonnes", "ton", "tons"}, {"t", "tonne", "tonnes", "ton", "tons"}),
    ({"kilometre", "kilometres", "kilometer", "kilometers"}, {"km", "kms", "kilometres", "kilometers"}),
    ({"litre", "litres", "liter", "liters"}, {"l", "litres", "liters", "ltr"}),
]


# the one column that measures a table's rows ("Amount" of a Payments sheet), and the words
# that compare a row by it ("payments over 5,000")
_AMOUNT_WORDS = {"amount", "value", "total", "sum"}
_MEASURED_BY = r"(?:over|above|under|below|exceeding|(?:of\s+)?(?:more|less|greater|larger|smaller) than|of at least)\b"
# the adjective a header gives a period ("Nightly Rate"), for "per night"
_PER_PERIOD = {"night": {"nightly"}, "hour": {"hourly"}, "day": {"daily"}, "week": {"weekly"},
               "month": {"monthly"}, "year": {"yearly", "annual"}}


# "ends before 2026-06-30", "after 1 March", "later than today": a date's order, either bound
# (the generated requests' "after 2024-06-30" counts the day itself; not "after 10% off")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_DATE_ORDER = re.compile(r"\b(?:(after|later than|since)|(before|earlier than|prior to))"
                         rf"(?=\s+(?:the\s+)?(?:\d{{1,4}}[-/.]\d{{1,2}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b"
                         rf"|{_MONTH}\s+\d|today\b))", re.I)
# "delivered after the due date", "paid before their deadline": another date of the row, strictly
# (or a header blanked by ``without_headers``: "after the Due Date" leaves "after the  ")
_ROW_DATE_ORDER = re.compile(r"\b(?:(after|later than)|(before|earlier than|prior to))"
                             r"(?=\s+(?:the|its|their)(?:\s+(?:[a-z]+\s+){0,2}(?:date|deadline)\b|\s{2,}))", re.I)

# Comparison words, longest first: "at least" before "least", "or more" before "more than".
# Measure adjectives ("longer than 45 minutes", "heavier than 20 kg", "30 days or older") compare
# the way "more"/"less" do; not "faster"/"slower", whose direction depends on the column.
_MORE = (r"greater|more|higher|larger|bigger|longer|heavier|older|taller|wider|deeper|stronger|warmer|hotter"
         r"|pricier|costlier|richer|thicker|louder")
_LESS = r"less|fewer|lower|smaller|shorter|lighter|younger|cheaper|narrower|shallower|weaker|colder|cooler|thinner"
_COMPARISONS = [
    (">=", rf"(?:{_MORE}) than or equal(?: to)?|at least|no less than|not less than|at or (?:above|over)"
           rf"|no fewer than|or (?:{_MORE}|above|over)|>=|≥"
           # "140 and above", "10% and over": the number itself included
           r"|(?<=[\d%k] )and (?:more|greater|above|higher|over|up)(?!\s*[$€£]?\d)"),
    ("<=", rf"(?:{_LESS}) than or equal(?: to)?|at most|no more than|not more than|up to|at or (?:below|under)"
           rf"|or (?:{_LESS}|below|under)|<=|≤"
           r"|(?<=[\d%k] )and (?:less|fewer|below|lower|under)(?!\s*[$€£]?\d)"),
    (">", rf"(?:{_MORE}) than|above|over|exceeds?|exceeding|>"),
    ("<", rf"(?:{_LESS}) than|below|under|<"),
]


_COMPARISON_RES = [(op, re.compile(rf"(?<![\w<>=])(?:{pattern})(?![\w=>])")) for op, pattern in _COMPARISONS]


_WRITTEN_LABEL = re.compile(r"\b(?:otherwise|else)\s*[,:]?\s*[\"'“‘]?$")


def _comparison_phrases(low: str, overlapping: bool = False):
    """(operator, match) for each comparison phrase of a lower-cased request; words inside a
    longer phrase count once, for the longer one, unless ``overlapping`` (thresholds: "or
    greater than 7049" is both "or greater" and "greater than 7049")."""
    taken = [False] * len(low)
    for op, pattern in _COMPARISON_RES:
        for m in pattern.finditer(low):
            if not overlapping and any(taken[m.start():m.end()]):
                continue
            if _WRITTEN_LABEL.search(low, 0, m.start()) and not _AFTER.match(low, m.end()):
                continue  # "..., otherwise Below": a label the formula writes, no comparison
            for i in range(m.start(), m.end()):
                taken[i] = True
            yield op, m


# "where less was approved than claimed": a comparison split around what it compares
_SPLIT_COMPARISON = re.compile(rf"\b(?:({_MORE})|({_LESS}))\s+(?:[a-z]+\s+){{1,4}}?than\b")


_DATE_WORDS_ORDER = re.compile(r"\b(?:(after|later than)|(before|earlier than|prior to))\b")


def comparison_between(request: str, start: int, end: int) -> str | None:
    """The one comparison the request makes between two places in it ("approved is less than
    claimed", between the two columns' words: "<"; "less was approved than claimed", split
    around the first: "<"); None where it makes none there, or several."""
    low = request.lower()
    ops = {op for op, m in _comparison_phrases(low) if start <= m.start() and m.end() <= end}
    # "returned after the due date": a date's order
    ops |= {">" if m.group(1) else "<" for m in _DATE_WORDS_ORDER.finditer(low, start, end)}
    if not ops:
        ops = {">" if m.group(1) else "<" for m in _SPLIT_COMPARISON.finditer(low)
               if m.start() < start < low.find("than", m.start()) < end}
    return ops.pop() if len(ops) == 1 else None


def comparison_words(request: str) -> set[str]:
    """The comparison operators a request's words ask for ("at least 5" -> >=, "below 10" -> <).
    Empty where it names none."""
    ops = {op for op, _ in _comparison_phrases(request.lower())}
    for m in _DATE_ORDER.finditer(request):
        ops |= {">", ">="} if m.group(1) else {"<", "<="}
    for m in _ROW_DATE_ORDER.finditer(request):
        ops.add(">" if m.group(1) else "<")
    return ops


# Numbers people spell out. "once"/"twice" come from "appears more than once".
NUMBER_WORDS = {w: float(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "hundred": 100.0, "dozen": 12.0,
                     "once": 1.0, "twice": 2.0})
_SPELLED = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b")
_BEFORE = re.compile(r"(-?\d[\d,]*(?:\.\d+)?|[a-z]+)\s*(%|k\b)?\s*$")
_AFTER = re.compile(r"\s*(?:to\s+|than\s+|of\s+)?[$€£]?\s*(-?\d[\d,]*(?:\.\d+)?|-?\.\d+|[a-z]+)\s*(%|k\b)?")


def spelled_numbers(request: str) -> set[float]:
    """The numbers a request spells as words ("top ten" -> 10, "more than once" -> 1)."""
    return {NUMBER_WORDS[w] for w in _SPELLED.findall(request.lower())}


def _number_value(word: str, suffix: str | None) -> set[float]:
    if word in NUMBER_WORDS:
        v = NUMBER_WORDS[word]
    else:
        try:
            v = float(word.replace(",", ""))
        except ValueError:
            return set()
    if suffix == "%":
        return {v, v / 100}  # "over 10%": a formula writes 0.1 or 10%
    if suffix == "k":
        return {v * 1000}
    return {v}


def comparison_thresholds(request: str) -> set[float]:
    """The numbers a request puts right after a comparison ("sales over 5,000" -> 5000, "at
    least ten" -> 10). Empty where no comparison is followed by a number: then any threshold
    a candidate uses is not contradicted by the request's words."""
    low = request.lower()
    out: set[float] = set()
    for _, m in _comparison_phrases(low, overlapping=True):
        if m.group(0).startswith(("or ", "and ")):  # "5000 or more", "140 and above": the number comes first
            b = _BEFORE.search(low, 0, m.start())
            if b:
                out |= _number_value(b.group(1), b.group(2))
            continue
        a = _AFTER.match(low, m.end())
        if a:
            out |= _number_value(a.group(1), a.group(2))
    return out


# "exactly 45", "equal to 500", "equals 1400"; not "greater than or equal to 5"
_EQUALS = re.compile(r"(?<!or )\b(?:exactly|equal to|equals)\b")


# an equality of a number ("exactly 1400") or of anything ("is the same as", "Planned = Actual")
_EQUALITY = re.compile(_EQUALS.pattern + r"|(?<!or )\b(?:is|are) the same as\b|(?<!or )\bmatches\b"
                       r"|(?<![<>=!])=(?![<>=])")


def asks_equality(request: str) -> bool:
    """Whether a request asks for an equality, of a number or not ("Full if enrolled equals
    seats", "where Planned = Actual")."""
    return bool(_EQUALITY.search(request.lower()))


def asked_equals(request: str) -> set[float]:
    """The numbers a request asks a value to equal ("color sales that are exactly 1400" ->
    1400); empty where it asks no equality with a number."""
    low = request.lower()
    out: set[float] = set()
    for m in _EQUALS.finditer(low):
        a = _AFTER.match(low, m.end())
        if a:
            out |= _number_value(a.group(1), a.group(2))
    return out


# the digits argument of ROUND for "to the nearest thousand", "nearest whole number", "2 decimals"
_NEAREST = {"ten": -1, "tens": -1, "hundred": -2, "hundreds": -2, "thousand": -3, "thousands": -3,
            "million": -6, "millions": -6, "tenth": 1, "tenths": 1, "hundredth": 2, "hundredths": 2,
            "cent": 2, "penny": 2, "whole number": 0, "integer": 0, "dollar": 0, "euro": 0, "pound": 0,
            "unit": 0}
_DIGITS = re.compile(r"\bnearest (" + "|".join(sorted(_NEAREST, key=len, reverse=True)) + r")\b"
                     r"|\b(\d|one|two|three|four|no|zero) (?:decimal places?|decimals?|dp)\b"
                     r"|\bnearest [$€£]?(1(?:0{1,2}|,?000|,?000,?000)|0?\.0{0,3}1|1)(?![\d.,]*\d)")


def asked_digits(request: str) -> int | None:
    """The ROUND digits a request asks for ("to the nearest thousand" -> -3, "nearest 10" -> -1,
    "2 decimal places" -> 2, "no decimals" -> 0); None where it names none or more than one."""
    found = set()
    for m in _DIGITS.finditer(request.lower()):
        if m.group(1):
            found.add(_NEAREST[m.group(1)])
        elif m.group(3):  # "nearest 10" -> -1, "nearest 0.01" -> 2: a power of ten
            found.add(-round(math.log10(float(m.group(3).replace(",", "")))))
        else:
            w = m.group(2)
            found.add(0 if w in ("no", "zero") else int(w) if w.isdigit() else int(NUMBER_WORDS[w]))
    return found.pop() if len(found) == 1 else None


def asks_percent(request: str) -> bool:
    """Whether a request speaks of a percentage ("top 10%", "bottomPercent", "per cent")."""
    return bool(re.search(r"%|percent|per cent|pct\b", request.lower()))


# Functions (and CF rules) that models confuse with their opposite, because the two read alike
# to a sentence encoder: "rightmost" and "leftmost" are near neighbours, LEFT and RIGHT are
# one token apart. Each side's cue words; a side is asked for when its cues appear and its
# rival's do not.
_SIDE_CUES = {
    # not "prefix"/"suffix": "without the SKU- prefix" asks for the right part
    "right": r"\bright\b|rightmost|\blast \d+ (?:char|letter|digit)|\bending\b|\bends? with\b",
    "left": r"\bleft\b|leftmost|\bfirst \d+ (?:char|letter|digit)|\bbeginning\b|\bstarts? with\b",
    "filled": r"\bnon-?\s?(?:blank|empty)|not (?:blank|empty)|\bfilled\b|populated",
    "blank": r"(?<!non)(?<!non-)(?<!non )(?<!not )\b(?:blank|empty)\b",
    # "fastest finish time", "quickest delivery": the least time (not "fastest speed")
    "high": r"highest|largest|biggest|\bmax(?:imum)?\b|greatest|\btop\b|\blatest\b|(?<!at )\bmost\b"
            r"|\bslowest\b(?!\s+(?:speed|velocity|growth|growing|selling|rate))",
    "low": r"lowest|smallest|\bmin(?:imum)?\b|fewest|\bbottom\b|earliest|(?<!at )\bleast\b"
           r"|\b(?:fastest|quickest)\b(?!\s+(?:speed|velocity|growth|growing|selling|rate))",
    "upper": r"upper|capitals?\b|\ball caps\b|\bcaps\b",
    # "city in capital letters" is not PROPER's "Title Case"
    "title": r"proper|title ?case|capitali[sz]|initial cap",
    "lower": r"lower ?case|small letters",
    "up": r"round(?:ed|ing)? up\b",
    "down": r"round(?:ed|ing)? down\b",
    "above": r"above (?:the )?average|over (?:the )?average|higher than (?:the )?average",
    "below": r"below (?:the )?average|under (?:the )?average|lower than (?:the )?average",
    "repeated": r"duplicat|more than once|repeat",
    "single": r"\bunique\b|\bdistinct\b|only once|exactly once",
    # "days between start and due date" is not NETWORKDAYS; typed "bsiness days" names both
    "workdays": r"\bwork|\bbu?s\w*n\w*ss\b|weekdays?\b|weekends?\b",
    "calendar": r"(?<!working )(?<!work )(?<!business )\bdays?\b",
}
# sides whose function a right answer always uses when the request asks for them: among about
# 1,000 generated and natural formula golds asking for each, none leaves it out ("first 3
# letters of the city in capitals" answered with =LEFT(F2,3) is no answer)
REQUIRED_SIDES = {"upper", "lower", "up", "down", "right"}
RIVALS = [("right", "left"), ("filled", "blank"), ("high", "low"), ("upper", "lower"), ("up", "down"),
          ("above", "below"), ("repeated", "single"), ("workdays", "calendar"),
          ("upper", "title")]


def asked_sides(request: str) -> set[str]:
    """Which side of each rival pair the request asks for ("rightmost 5 characters" ->
    {"right"}); neither where it names both or none."""
    low = request.lower()
    hit = {side for side, pattern in _SIDE_CUES.items() if re.search(pattern, low)}
    return {s for a, b in RIVALS for s, t in ((a, b), (b, a)) if s in hit and t not in hit}


# "does not include Emma", "other than East": a rule that must be negative. Lower-case "not"
# only ("status is Not Started" names a label), and not before a comparison word ("not less
# than 5" is GreaterThanEqual, read by comparison_words).
_NEGATION = re.compile(
    r"\b(?:does not|doesn't|do not|don't|did not|didn't|is not|isn't|are not|aren't|not equal"
    r"|not contain|not include|not match|other than|except|excluding|exclude)\b"
    r"(?! (?:less|more|greater|fewer|lower|higher|above|below|under|over)\b)"
    # "members not in London", "orders not from Acme": a value named after it ("not in stock" is none)
    # ... or after a verb ("bookings not made through Expedia", "not sold via Amazon")
    r"|\bnot (?:[a-z]+ )?(?:in|from|at|by|for|to|through|via|with)(?= (?:the )?[A-Z0-9])"
    # "customers outside Sweden": a place named after it
    r"|\boutside(?: of)?(?= (?:the )?[A-Z])")


def asks_negation(request: str) -> bool:
    """Whether a request asks for the rows that do not match something."""
    return bool(_NEGATION.search(request))


_RANKED = re.compile(r"\b(?:top|bottom|highest|lowest|best|worst|largest|smallest|biggest|first|last)"
                     r"\s+(\d[\d,]*(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")\b")


def rank_counts(request: str) -> set[float]:
    """The counts a request ranks by ("top ten values" -> 10, "the 5 highest" not read: only a
    number right after the ranking word)."""
    out: set[float] = set()
    for w in _RANKED.findall(request.lower()):
        out |= _number_value(w, None)
    return out


# "Central and South", "10 & 8", "Q4 or Q2"; a span: "between 45 and 76", "in the range 120-160"
_PAIR_JOIN = re.compile(r"\s*,?\s*(?:and|or|&|/)\s*", re.IGNORECASE)
_SPAN_JOIN = re.compile(r"\s*(?:-|–|to|through|and|&)\s*", re.IGNORECASE)
_SPAN_CUE = re.compile(r"(?:between|btwn|range(?: of)?|from)\s*[$€£]?$", re.IGNORECASE)


def value_pairs(request: str, literals: list, values: list[str] | tuple = ()) -> list[tuple[str, str, bool]]:
    """(first, second, is a span) for each two neighbouring literals of the request joined as
    one ask: two values ("color Central and South rows": either one) or the two ends of a span
    of numbers ("between 45 & 76", "in the range 22000-32000"). A text counts where the table
    holds it (``values``) or the request quotes it, not a capitalised word alone ("say Weeknd
    or Weekday")."""
    quoted = {q.strip().lower() for q in codec.quoted_texts(request)}
    known = {v.strip().lower() for v in values} | quoted
    spots, at = [], 0
    for lit in literals:
        if lit.kind not in ("text", "number", "ref") or ":" in lit.text:
            continue
        if lit.kind != "number" and lit.text.strip().lower() not in known:
            continue
        i = request.find(lit.source, at)
        if i < 0:
            continue
        spots.append((i, i + len(lit.source), lit))
        at = i + len(lit.source)
    out = []
    for (a0, a1, a), (b0, _, b) in zip(spots, spots[1:]):
        between = request[a1:b0]
        if a.kind == b.kind == "number" and _SPAN_JOIN.fullmatch(between) and _SPAN_CUE.search(request[:a0].rstrip()):
            out.append((a.text, b.text, True))
        elif _PAIR_JOIN.fullmatch(between) and not _SPAN_CUE.search(request[:a0].rstrip()):
            out.append((a.text, b.text, False))
    return out


# "greater than E13", "value of B6", "equal to cell $C$5": a rule that compares with a cell
_CELL_ASK = re.compile(r"(?:\bvalue (?:of|at|in)|\bthan|\bequal to|\bequals?|\bsame as|\bmatch(?:es|ing)?|\babove"
                       r"|\bbelow|\bover|\bunder|\bexceeds?)\s+(?:the value (?:of|in|at)\s+)?(?:cell\s+)?"
                       r"(\$?[A-Za-z]{1,3}\$?[1-9]\d{0,6})(?![\w:])"
                       r"(?!\s*(?:[-–]|to\b|through\b|thru\b)\s*\$?[A-Za-z]{1,3}\$?\d)", re.IGNORECASE)


def asked_cell(request: str, values: list[str] | tuple = ()) -> str | None:
    """The one cell a rule request compares with ("greater than E13" -> $E$13), written
    absolute as Excel's own rules are; None where it names none or several, or where the
    name is one of the table's texts (``values``: "equal to Q4" in a Quarter column)."""
    texts = {v.strip().upper() for v in values}
    found = {re.sub(r"\$", "", m.group(1)).upper() for m in _CELL_ASK.finditer(request)} - texts
    if len(found) != 1:
        return None
    m = re.fullmatch(r"([A-Z]+)(\d+)", found.pop())
    return f"${m.group(1)}${m.group(2)}"


def without_headers(request: str, headers: dict[int, str] | None) -> str:
    """The request with the table's headers blanked out: a header's words are not cues
    ("Duration (min)" does not ask for the smallest, "Table No less than 23" is no ">="). Whole
    words only, or their plural: "revenue" keeps its "venue", "average" its "age"."""
    for h in sorted((headers or {}).values(), key=len, reverse=True):
        h = h.strip()
        if len(h) > 2:
            before = r"(?<!\w)" if re.match(r"\w", h) else ""
            after = r"(?:s|es)?(?!\w)" if re.search(r"\w$", h) else ""
            request = re.sub(before + re.escape(h) + after, " ", request, flags=re.IGNORECASE)
    return request


def asked_texts(literals: list, values: list[str] | tuple = (), headers: list[str] | tuple = (),
                request: str = "") -> set[str]:
    """The request's text literals (lower-cased) that it quotes, or that it capitalises (or
    starts with a digit: "7B", "18-24") and the table holds: the values a right answer uses
    ("for Acme Corp", "rows with 'M type'").
    Capitalised words the table lacks may be labels or names of other things, and short
    lower-case or one-letter matches are often plain words ("a", "day", "col C") that a table's
    values happen to spell, as are the words of a header ("% Complete"); a lower-case value of
    four letters or more counts ("the barley fields"). The values of the example a
    ``request`` gives ("e.g. Dune by Frank Herbert") are one row's, not asked of every row."""
    known = {v.strip().lower() for v in values}
    header_words = {w for h in headers for w in re.findall(r"[a-z0-9]+", h.lower())}
    example = (example_text(request) or "").lower() if request else ""
    out = set()
    for lit in literals:
        t, source = lit.text.strip().lower(), lit.source.strip()
        if lit.kind != "text" or not t or (example and t in example):
            continue  # the values of an example ("e.g. Dune by Frank Herbert") are one row's
        if codec.quoted_texts(source):  # the request's own quoting rule (codec._QUOTED)
            out.add(t)
        elif (t in known and len(t) > 1 and (source[:1].isupper() or source[:1].isdigit() or _value_word(t))
              and not set(re.findall(r"[a-z0-9]+", t)) <= header_words):
            out.add(t)
    return out


def _value_word(t: str) -> bool:
    """Whether a lower-case sheet value the request writes is asked for as a value ("the
    barley fields", "client visits"): four letters or more and no unit a request counts in
    ("day", "hour")."""
    return len(t) > 3 and t not in codec.COUNTING_WORDS


_MULTIPLIER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:[x×](?!\w)|times\b)"
                         r"|\b(?:times|multiplied by|[x×]|(?:percent(?:age)?|%|share|fraction|out) of)"
                         r"\s*(\d+(?:\.\d+)?)(?![\w.%])"
                         # a conversion rate: "value in euros at 0.92", "at an exchange rate of 1.08"
                         r"|\b(?:at|(?:exchange |conversion )?rate of)\s+(\d*\.\d+)(?![\w.%])"
                         r"(?!\s*(?:or|and|per|/|an?|each)\b)", re.I)


_UNIT_RATE = re.compile(r"(?<![\w.,])[$€£]?(\d[\d,]*(?:\.\d+)?)\s*(?:[$€£]|euros?|dollars?|pounds?|kr)?\s*"
                        r"(?:per\s+(?!cent\b)[a-z]+|/\s*[a-z]+\b|an?\s+(?:hour|day|week|month|night|km|mile|unit|item"
                        r"|piece|person|head|kg|litre|liter)\b|each\b)", re.I)


def asked_unit_rate(request: str) -> tuple[float, int, int] | None:
    """(the number, where its phrase starts and ends) of the one price per unit a request
    gives ("labour cost at 65 per hour", "0.35 per km", "65/h", "12 euros a night"): a number
    the value is multiplied by; None where it gives none or several."""
    # not a threshold per unit ("sales over 5,000 per region")
    found = [m for m in _UNIT_RATE.finditer(request) if not re.search(
        r"\b(?:than|over|above|under|below|least|most|exceeds?|exceeding)\s*$", request[:m.start()], re.I)]
    if len(found) != 1:
        return None
    m = found[0]
    return float(m.group(1).replace(",", "")), m.start(), m.end()


def asked_multipliers(request: str) -> set[float]:
    """The numbers a request multiplies or divides by ("1.5x the hourly rate", "cost times 3",
    "qty x 2", "rating out of 100", "as a percentage of 5", "in euros at 0.92")."""
    return {float(m.group(1) or m.group(2) or m.group(3)) for m in _MULTIPLIER.finditer(request)}


_DIVISOR = re.compile(r"\b(?:(?:percent(?:age)?|%|share|fraction|proportion) of|out of)\s*(\d+(?:\.\d+)?)(?![\w.%])",
                      re.I)


def asked_divisor(request: str) -> float | None:
    """The one number a request divides by ("final exam as a percentage of 80", "score out of
    50"); None where it names none or several."""
    found = {float(m.group(1)) for m in _DIVISOR.finditer(request)}
    return found.pop() if len(found) == 1 else None


_ELSE_BLANK = re.compile(r"\b(?:else|otherwise)\b[^.;]{0,20}?\b(?:blank|empty|nothing)\b", re.I)


def asks_blank_else(request: str) -> bool:
    """Whether a request leaves a cell blank when its condition fails ("otherwise leave blank")."""
    return bool(_ELSE_BLANK.search(request))


# units of one measure, in the smallest one's terms: a value in the first unit is this many base
# units ("Duration (min)" asked "in hours": /60); a header names its unit in parentheses or as a word
_UNITS = {
    "time": {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800},
    "length": {"mm": 0.001, "cm": 0.01, "inch": 0.0254, "foot": 0.3048, "metre": 1, "km": 1000, "mile": 1609.344},
    "speed": {"mps": 1, "kmh": 1 / 3.6, "mph": 0.44704, "knot": 1852 / 3600},
    "mass": {"g": 1, "kg": 1000, "lb": 453.59237, "tonne": 1e6},
    "energy": {"wh": 1, "kwh": 1e3, "mwh": 1e6, "gwh": 1e9},
    "power": {"w": 1, "kw": 1e3, "mw": 1e6, "gw": 1e9},
}
_UNIT_WORDS = {
    "second": r"s|secs?|seconds?", "minute": r"mins?|minutes?", "hour": r"h|hrs?|hours?", "day": r"days?",
    "week": r"wks?|weeks?", "mm": r"mm|millimet(?:re|er)s?", "cm": r"cm|centimet(?:re|er)s?",
    "metre": r"m|met(?:re|er)s?", "km": r"km|kms|kilomet(?:re|er)s?", "mile": r"mi|miles?",
    "inch": r"inch(?:es)?", "foot": r"ft|feet|foot",
    "mps": r"m/s|mps|met(?:re|er)s? per second", "kmh": r"km/h|kmh|kph|km per hour",
    "mph": r"mph|miles? per hour", "knot": r"knots?|kn|kt",
    "g": r"g|grams?", "kg": r"kgs?|kilos?|kilograms?", "lb": r"lbs?|pounds?", "tonne": r"t|tonnes?|tons?",
    "wh": r"wh|watt[- ]?hours?", "kwh": r"kwh|kilowatt[- ]?hours?", "mwh": r"mwh|megawatt[- ]?hours?",
    "gwh": r"gwh", "w": r"w|watts?", "kw": r"kw|kilowatts?", "mw": r"mw|megawatts?", "gw": r"gw|gigawatts?",
}
_SCALES = {"thousands": 1000, "thousand": 1000, "millions": 1_000_000, "million": 1_000_000, "k": 1000}


def _unit_of(word: str) -> tuple[str, str] | None:
    for unit, pattern in _UNIT_WORDS.items():
        if re.fullmatch(pattern, word, re.I):
            return next(d for d, us in _UNITS.items() if unit in us), unit
    return None


_ASKED_UNIT = re.compile(r"\b(?:in|into|as|to)\s+(?:the\s+)?([a-z]+(?:/[a-z]+)?)(?![\w/])")


# "minutes parked", "km driven", "hours worked": a unit first, before what was measured in it
_UNIT_FIRST = re.compile(r"\s*(?:the\s+)?(?:total\s+)?([a-z]+)\s+[a-z]{3,}ed\b")


def asked_unit_word(request: str) -> str | None:
    """The unit a request asks a value "in" ("generation in MWh": "mwh"), where it is one
    ``unit_conversion`` knows; None otherwise."""
    m = _ASKED_UNIT.search(request.lower())
    return m.group(1) if m and _unit_of(m.group(1)) else None


def unit_size(measure: str, unit: str) -> float:
    """How many of the measure's smallest unit one ``unit`` is (time: seconds; "hour": 3600)."""
    return _UNITS[measure][unit]


def header_unit(header: str) -> tuple[str, str] | None:
    """(measure, unit) a header names: in parentheses ("Duration (min)"), else as a word
    ("Minutes", "Distance km"); None where it names none ``_UNITS`` knows."""
    unit = re.search(r"\(([^()]+)\)\s*$", header)
    # (not the unit a rate is per: "Rate per Hour" is no duration)
    words = [unit.group(1).strip()] if unit else re.findall(r"[A-Za-z]+", re.sub(r"(?:\bper|/)\s*\w+", " ", header))
    return next((u for u in map(_unit_of, words) if u is not None), None)


_PER_TIME = re.compile(r"(?:\bper|/|\ban?)\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?)\b", re.I)


def asked_time_unit(request: str) -> tuple[str, float] | None:
    """(the unit, its seconds) of the one period a request divides by ("speed in km/h", "units
    per hour", "calls a day"); None where it names none or several, or prices one ("65 per
    hour": ``asked_unit_rate``)."""
    units = {_unit_of(m.group(1))[1] for m in _PER_TIME.finditer(request)}
    if len(units) != 1 or asked_unit_rate(request) is not None:
        return None
    unit = units.pop()
    return unit, _UNITS["time"][unit]


_QUANTITY = re.compile(r"\s*(?:than\s+)?(an?|half an?|\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) +
                       r")\s+([a-z]+(?:/[a-z]+)?)\b")


def unit_thresholds(request: str, header: str) -> list[tuple[str, float]]:
    """(operator, threshold in the column's unit) for each comparison the request makes with a
    quantity in another unit of the header's measure ("longer than an hour" of Minutes: (">",
    60); "under 90 seconds" of Duration (min): ("<", 1.5)); empty where there is none."""
    have = header_unit(header)
    if have is None:
        return []
    low = request.lower()
    out = []
    for op, m in _comparison_phrases(low):
        q = _QUANTITY.match(low, m.end())
        unit = _unit_of(q.group(2)) if q else None
        # (in the column's own unit only where the number is a word, which the models do not
        # copy: "longer than an hour" of Hours is 1; "over 2 hours" they copy themselves)
        if unit is None or unit[0] != have[0] or (unit[1] == have[1] and q.group(1)[0].isdigit()):
            continue
        n = {"a": 1.0, "an": 1.0}.get(q.group(1), 0.5 if q.group(1).startswith("half") else None)
        n = NUMBER_WORDS.get(q.group(1), n)
        n = float(q.group(1)) if n is None else n
        out.append((op, n * _UNITS[unit[0]][unit[1]] / _UNITS[have[0]][have[1]]))
    return out


def unit_conversion(request: str, header: str) -> tuple[str, float] | None:
    """("*" or "/", the factor) that turns a column's values into the unit the request asks
    them "in" ("duration in hours" of Duration (min): ("/", 60); "mileage in thousands": ("/",
    1000)), or puts first ("minutes parked" of Hours: ("*", 60)); None where the request asks
    no unit, the header names none of the same measure, or the same one."""
    m = _ASKED_UNIT.search(request.lower()) or _UNIT_FIRST.match(request.lower())
    if m is None:
        return None
    if m.group(1) in _SCALES:
        return "/", _SCALES[m.group(1)]
    want = _unit_of(m.group(1))
    have = header_unit(header)
    if want is None or have is None or want[0] != have[0] or want[1] == have[1]:
        return None
    ratio = _UNITS[have[0]][have[1]] / _UNITS[want[0]][want[1]]
    return ("*", ratio) if ratio >= 1 else ("/", 1 / ratio)


_EXAMPLE = re.compile(r"(?:\be\.?g\.?|\bfor example|\bfor instance|\bsuch as|\blike)\s*[:,]?\s*(.+?)\s*[).]?\s*$", re.I)


def example_text(request: str) -> str | None:
    """The example of the result a request gives at its end ("title by author, e.g. Dune by
    Frank Herbert" -> "Dune by Frank Herbert"), quotes taken off; None where it gives none."""
    m = _EXAMPLE.search(request)
    if m is None:
        return None
    ex = m.group(1).strip()
    q = re.fullmatch(r"[\"“'](.+)[\"”']", ex)
    return (q.group(1) if q else ex) or None


# "the three scores", "all 4 quarters": a count of things, each a column, when no ranking word
# comes before it or between ("the three largest values" ranks a column)
_RANKING = r"top|bottom|largest|highest|biggest|smallest|lowest|first|last|best|worst|most|least|latest|earliest"
_COUNTED = re.compile(rf"\b(?:the|all|these|those|my|its|their)\s+(\d{{1,2}}|{'|'.join(NUMBER_WORDS)})\s+"
                      rf"(?!(?:{_RANKING})\b)(?:[a-z]+\s+)?(?!(?:{_RANKING})\b)[a-z]+s\b", re.I)


def counted_columns(request: str) -> int | None:
    """The count of the things a request adds up or compares across a row ("average of the
    three scores" -> 3); None where it names none, or a count under 2 or over 12."""
    m = _COUNTED.search(request)
    if not m:
        return None
    w = m.group(1).lower()
    n = int(w) if w.isdigit() else int(NUMBER_WORDS[w])
    return n if 2 <= n <= 12 else None


# words that measure from now: "days since", "age", "overdue", "years of service", and the
# typos the generated requests carry ("sinec", "toady")
_NOW = re.compile(r"today|now\b|current|s[ince]{2,4}\b|\bt[oday]{3,4}\b|ago\b|until|till|\baged?\b|\bold\b"
                  r"|older|overdue|late\b|\bleft\b|remaining|elapsed|so far|to date|past|passed|due\b|deadline"
                  r"|expir|how long|service|tenure|experience|birthday|anniversary|upcoming|coming|within"
                  r"|this (?:week|month|year)|next|last \d|recent", re.I)


def asks_now(request: str) -> bool:
    """Whether a request measures from today ("days since the order", "overdue"); call it on
    the whole request (a "Due Date" header counts: it errs toward allowing TODAY())."""
    return bool(_NOW.search(request))


# how many of each period a year holds, and the words that name it
_PER_YEAR = {"day": 365, "week": 52, "month": 12, "quarter": 4, "year": 1}
_PERIOD_WORDS = re.compile(r"(?<!\w)(?:(daily)|(weekly)|(monthly)|(quarterly)|(yearly|annual(?:ly)?|per annum)"
                           r"|(?:per|a|each|every|/)\s*(day|week|month|quarter|year))\b", re.I)


def asked_period(text: str) -> str | None:
    """The period a text names: "yearly fee", "rent per month", "Monthly Fee" -> year, month,
    month; None for none or several."""
    found = set()
    for m in _PERIOD_WORDS.finditer(text):
        i = next(k for k, g in enumerate(m.groups()) if g)
        found.add(m.group(6).lower() if i == 5 else ["day", "week", "month", "quarter", "year"][i])
    return found.pop() if len(found) == 1 else None


def period_factor(header_period: str, asked: str) -> tuple[str, int] | None:
    """("*", 12) to turn a per-month value into a per-year one, ("/", 12) the reverse; None
    where a year does not hold a whole number of the longer period."""
    a, b = _PER_YEAR[header_period], _PER_YEAR[asked]
    if a == b or max(a, b) % min(a, b):
        return None
    return ("*", a // b) if a > b else ("/", b // a)


# X per Y, X as a multiple (share, percentage) of Y: X over Y; percent (share, fraction) of Y
# X: the same. "over" is no cue: it compares ("sales over 5,000")
_RATIO_BETWEEN = re.compile(r"\bper\b(?!\s+(?:hour|day|week|month|quarter|year|annum)s?\b)"
                            r"|\bas an? (?:multiple|share|fraction|proportion|percent(?:age)?|%|ratio) of\b"
                            # "reserved share of on hand stock": a column named before and after
                            r"|\b(?:share|fraction|proportion) of\b"
                            r"|\brelative to\b|\bdivided by\b", re.I)
_RATIO_BEFORE = re.compile(r"\b(?:percent(?:age)?|%|share|fraction|proportion|ratio) of\b", re.I)


def ratio_columns(request: str, mentions: list[Mention]) -> tuple[int, int] | None:
    """(numerator, denominator) columns of a ratio the request asks for between two columns it
    names: "fee per visit", "stock as a multiple of the reorder level" (the first over the
    second), "percent of budget spent" (the second over the first), "ratio of pay to hours"
    (the first over the second); None otherwise. "per day" is a period, not a column."""
    for m in _RATIO_BETWEEN.finditer(request):
        before = [x for x in mentions if x.start < m.start()]
        after = [x for x in mentions if x.start >= m.end()]
        if before and after and before[-1].col != after[0].col:
            return before[-1].col, after[0].col
    for m in _RATIO_BEFORE.finditer(request):
        after = [x for x in mentions if x.start >= m.end()]
        if len(after) >= 2 and after[0].col != after[1].col:
            if re.search(r"\bto\b", request[after[0].start:after[1].start]):
                return after[0].col, after[1].col
            return after[1].col, after[0].col
    return None


_HOW_MANY = re.compile(r"\bhow many\b|\bnumber of\b", re.I)


def asks_how_many(request: str, count: bool = False) -> bool:
    """Whether a request asks for a count ("how many", "number of"; with ``count``, the verb
    "count" too: a repair then leaves the count alone rather than summing a column)."""
    return bool(_HOW_MANY.search(request) or (count and re.search(r"\bcount\b", request, re.I)))


_EACH_ROW = re.compile(r"\b(?:for|in|on) (?:each|every) row\b|\bper row\b|\brow by row\b|\beach row\b", re.I)


def asks_each_row(request: str) -> bool:
    """Whether a request asks for a result per row ("the sum of C and B for each row")."""
    return bool(_EACH_ROW.search(request))


_LINE = re.compile(r"\bline (?:total|amount|value|cost|price|revenue)s?\b|\b(?:per|each|every|by) line\b", re.I)
_DEFINED = re.compile(r"^\s*[A-Za-z][\w ]{0,40}?\s*=\s*(.+)$")
_ARITHMETIC = re.compile(r"\b(?:times|multiplied by|divided by|minus|plus)\b|[*/×+]|\s[x-]\s", re.I)
_AGGREGATE = re.compile(r"\b(?:sum|total|average|mean|count|max|maximum|min|minimum|all|overall|grand)\b", re.I)


def asks_row_value(request: str, plain: str | None = None) -> bool:
    """Whether a request defines a value of each row without saying "each row": a line's
    amount ("line total", "per line"; in ``plain``, the request without its headers, where
    given: a Line Total column is no cue) or a name set equal to arithmetic on columns, with no
    aggregate ("stock value = In Stock times Unit Cost")."""
    if _LINE.search(request if plain is None else plain):
        return True
    m = _DEFINED.match(request)
    return bool(m and _ARITHMETIC.search(m.group(1)) and not _AGGREGATE.search(m.group(1)))


_OPERATION_WORDS = [("*", r"\btimes\b|\bmultiplied by\b|\s[x×*]\s|\*"), ("/", r"\bdivided by\b|/"),
                    ("-", r"\bminus\b|\s-\s"), ("+", r"\bplus\b|\+")]


def defined_operation(request: str, mentions: list[Mention], headers: dict[int, str]
                      ) -> tuple[int, str, int] | None:
    """(first column, operator, second column) where a request sets a name equal to one
    operation on two columns it names ("total paid so far = monthly price x months"), the
    operator read between the two names; None otherwise (an aggregate, more columns, no
    operator or more than one)."""
    m = _DEFINED.match(request)
    if not m or _AGGREGATE.search(m.group(1)):
        return None
    named = [x for x in mentions if x.start >= m.start(1)]
    if len(named) != 2 or named[0].start == named[1].start:
        return None
    between = request[named[0].start:named[1].start].lower().replace("_", " ")
    first = _norm(headers.get(named[0].col, ""))
    if first and between.startswith(first):
        between = between[len(first):]
    ops = [op for op, pat in _OPERATION_WORDS if re.search(pat, " " + between + " ")]
    return (named[0].col, ops[0], named[1].col) if len(ops) == 1 else None


# A rate taken off or put on: "15% off", "once the Bonus Rate is deducted" against "increased by
# 5%", "plus 8% tax". In the generated formula data a request with cues of one side only never
# has a gold of the other (1,027 golds with (1-rate), 1,163 with (1+rate)).
_RATE_DOWN = re.compile(r"\b(?:off|discount\w*|less|minus|reduc\w*|decreas\w*|lower\w*|cut|deduct\w*|markdown"
                        r"|net of|taken off|after)\b", re.I)
_RATE_UP = re.compile(r"\b(?:markup|mark-up|mark up|increas\w*|more|plus|add\w*|rais\w*|tax|vat|uplift|surcharge"
                      r"|grow\w*|higher|extra|on top|including|inclusive)\b", re.I)


def rate_direction(request: str) -> str | None:
    """"-" where the request takes a rate off ("unit cost with 15% off", "price after
    discount"), "+" where it puts one on ("with a 20% markup", "plus 8% tax"), None where it
    names neither or both. Call it on the request without its headers."""
    down, up = bool(_RATE_DOWN.search(request)), bool(_RATE_UP.search(request))
    return "-" if down and not up else "+" if up and not down else None


# words that put the rate on the value itself ("amount including 20% VAT", "cost with 15%
# off"), not ask for the rate's amount ("a 15% fee on Amount"): among 5,900 generated formula
# requests with a percentage, none with one of these and a rate direction has a gold that
# takes the percentage alone (=E4*15%)
_RATE_APPLIED = re.compile(r"\b(?:includ\w*|incl|inclusive|plus|with|after|off|less|minus|on top|increased"
                           r"|raised|marked up|markup|mark-up|net of|reduced|deduct\w*)\b", re.I)


def applies_rate(request: str) -> bool:
    """Whether a request with a rate direction (``rate_direction``) asks for the value with
    the rate applied rather than the rate's amount. Call it on the request without headers."""
    return bool(_RATE_APPLIED.search(request))


_LAST_NAME = re.compile(r"\b(?:last|family) ?name\b|\bsurname\b", re.I)
_FIRST_NAME = re.compile(r"\b(?:first|given) ?name\b|\bforename\b", re.I)


def asked_name_part(request: str) -> str | None:
    """"first" for "first name", "last" for "last name" or "surname", None for neither or both.
    No generated formula gold takes the other half (1,029 first names, 505 last names)."""
    first, last = bool(_FIRST_NAME.search(request)), bool(_LAST_NAME.search(request))
    return "first" if first and not last else "last" if last and not first else None
