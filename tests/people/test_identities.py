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


def test_every_way_of_writing_one_profile_url_normalises_the_same():
    canonical = "https://www.linkedin.com/in/%c3%a9lise-m%c3%bcller-4b2a1c"
    for written in (
        "https://www.linkedin.com/in/%C3%A9lise-m%C3%BCller-4b2a1c",  # Connections.csv
        "https://www.linkedin.com/in/élise-müller-4b2a1c",  # messages.csv
        "http://de.linkedin.com/in/Élise-Müller-4B2A1C/",  # a country subdomain, case, a slash
        "linkedin.com/in/e\u0301lise-mu\u0308ller-4b2a1c?trk=public_profile",  # decomposed accents, query
        "https\\://www.linkedin.com/in/élise-müller-4b2a1c",  # a vCard's escaped colon
        "www.linkedin.com/mwlite/in/élise-müller-4b2a1c/details/experience#top",  # mobile form, more path
    ):
        assert normalize_linkedin(written) == canonical, written
    assert normalize_linkedin("https://www.linkedin.com/pub/jane-doe/1a/2b3/4c5/") == (
        "https://www.linkedin.com/pub/jane-doe/1a/2b3/4c5"
    )
    assert normalize_linkedin("linkedin.com/pub/jane-doe/9/8/7") != normalize_linkedin(
        "linkedin.com/pub/jane-doe/1a/2b3/4c5"
    )


def test_phone_numbers_are_placed_only_by_a_country_code_or_the_users_region():
    from kith.people.identities import normalize_phone

    assert normalize_phone("+91 98765 43210") == "+919876543210"
    assert normalize_phone("098765 43210") == "09876543210"  # no region: kept as written, not +1
    assert normalize_phone("98765 43210", "IN") == "+919876543210"
    assert normalize_phone("tel:+1-415-555-0100", "IN") == "+14155550100"


def test_an_address_at_a_dotless_domain_is_an_email():
    from kith.people.identities import guess_identity_kind, normalize_email

    assert normalize_email("Me@Localhost") == "me@localhost"
    assert guess_identity_kind("me@localhost") == "email"
