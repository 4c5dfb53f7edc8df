"""The one rule for "did you mean ...?": which names kith knows are close enough to what the user typed
to be offered instead, for people, companies, schools and tags alike, in the CLI, the web and the API.

A far-off guess is worse than none, so a name is offered only when it is genuinely close. Both are
compared as ``name_key`` reads them (case, accents and spacing aside), and a name is close when

- the whole of it is a few typos from the whole of the text: one typo (a letter added, dropped,
  changed, or two swapped) per three letters, none below three letters ("Fatom AI" for Fathom AI), or
- each word of the text is that close to a different word of the name, or begins it (four letters at
  least): "Fathim" for Fathom AI, "Belmoor" for Bellmoor University, "hirin" for hiring.

``closest(text, names)`` lists the close names, closest first (fewest typos, then the shorter name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz.distance import OSA

from kith.people.identities import name_key

#: letters per typo allowed; a word shorter than ``SHORTEST`` must be typed exactly
LETTERS_PER_TYPO = 3
SHORTEST = 3
#: a word typed this long or longer may be the beginning of a name's word ("Fath" for Fathom)
PREFIX = 4


def typos_allowed(text: str) -> int:
    """How many typos a text of this length may hold and still name something."""
    return 0 if len(text) < SHORTEST else max(1, len(text) // LETTERS_PER_TYPO)


def _words(key: str) -> list[str]:
    return re.findall(r"\w+", key)


def typos(text: str, name: str) -> int | None:
    """How many typos away ``text`` is from ``name`` by the rule above; None when not close, or when it
    is the name itself (nothing to suggest)."""
    said, known = name_key(text), name_key(name)
    if not said or said == known:
        return None
    whole = OSA.distance(said, known)
    if whole <= typos_allowed(said):
        return whole
    total, used = 0, set()
    names = _words(known)
    for word in _words(said):
        best: tuple[int, int] | None = None
        for i, other in enumerate(names):
            if i in used:
                continue
            found = 0 if len(word) >= PREFIX and other.startswith(word) else OSA.distance(word, other)
            if found <= typos_allowed(word) and (best is None or found < best[0]):
                best = (found, i)
        if best is None:
            return None
        used.add(best[1])
        total += best[0]
    return total if used else None


def closest(text: str, names: Iterable[str], most: int = 3) -> list[str]:
    """The names close to ``text`` (one per ``name_key``), closest first, at most ``most``."""
    found: dict[str, tuple[int, int, str]] = {}
    for name in names:
        far = typos(text, name)
        key = name_key(name)
        if far is not None and (key not in found or far < found[key][0]):
            found[key] = (far, len(name), name)
    return [name for _, _, name in sorted(found.values())[:most]]
