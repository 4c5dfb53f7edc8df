"""Normalising names and profile URLs: the fast paths imports rely on give what the full rules give."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kith.errors import BadInput
from kith.people.identities import name_key, normalize_linkedin


def full_name_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@given(st.text(max_size=40) | st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_name_key_is_the_same_with_or_without_the_ascii_shortcut(name):
    assert name_key(name) == full_name_key(name)


def test_name_key_examples():
    assert name_key("  José   Díaz ") == "jose diaz"
    assert name_key("ADA\tLovelace") == "ada lovelace"


@given(
    st.sampled_from(["", "https://", "http://", "https://www.", "WWW.", "https://de."]),
    st.sampled_from(["in", "pub", "IN"]),
    st.text(alphabet="abcXYZ09%_.~-é", min_size=1, max_size=12),
    st.sampled_from(["", "/", "?trk=x", "/details"]),
)
def test_a_normalised_profile_url_normalises_to_itself(prefix, kind, slug, suffix):
    try:
        once = normalize_linkedin(f"{prefix}linkedin.com/{kind}/{slug}{suffix}")
    except BadInput:
        return
    assert normalize_linkedin(once) == once
    assert once == once.lower() and once.startswith("https://www.linkedin.com/")
