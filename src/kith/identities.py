"""Normalising the ways people are identified: names, emails, phone numbers, profile URLs.

Two identities that normalise to the same value are the same person; importers and the CLI both go
through these functions so that "Jane.Doe@Example.com" and "jane.doe@example.com" never become two people.
"""

from __future__ import annotations

import os
import re
import unicodedata
from urllib.parse import urlsplit

from kith.errors import BadInput
from kith.text import one_line, safe_text

_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
_LINKEDIN_PATH = re.compile(r"^/(in|pub)/([^/?#]+)", re.IGNORECASE)
_LINKEDIN_CANONICAL = re.compile(r"https://www\.linkedin\.com/(in|pub)/[a-z0-9%_.~-]+")


def name_key(name: str) -> str:
    """Casefolded, accent-free, single-spaced name for lookups ("José  Díaz" -> "jose diaz")."""
    if name.isascii():  # nothing to decompose; ASCII casefolds to lower case
        return " ".join(name.lower().split())
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def clean_name(name: str) -> str:
    """A display name with whitespace collapsed; BadInput when empty."""
    cleaned = one_line(name)
    if not cleaned:
        raise BadInput("a name cannot be empty")
    if len(cleaned) > 300:
        raise BadInput("a name cannot be longer than 300 characters")
    return cleaned


def normalize_email(email: str) -> str:
    """Lower-cased email address; BadInput when it does not look like one."""
    value = email.strip().strip("<>").strip().lower()
    if value.startswith("mailto:"):
        value = value[len("mailto:") :]
    if not _EMAIL.match(value):
        raise BadInput(f"{email!r} is not an email address")
    return value


def normalize_phone(phone: str, region: str | None = None) -> str:
    """E.164 form (+14155550123). Numbers without a country code use KITH_PHONE_REGION (default US)."""
    import phonenumbers

    region = region or os.environ.get("KITH_PHONE_REGION", "US")
    try:
        parsed = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException as exc:
        raise BadInput(f"{phone!r} is not a phone number") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise BadInput(f"{phone!r} is not a possible phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalize_linkedin(url: str) -> str:
    """Canonical profile URL https://www.linkedin.com/in/<slug>; BadInput for anything else."""
    if _LINKEDIN_CANONICAL.fullmatch(url):  # already canonical (an import normalises each URL twice)
        return url
    value = url.strip()
    if not value:
        raise BadInput("empty LinkedIn URL")
    if "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    match = _LINKEDIN_PATH.match(parts.path)
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")) or not match:
        raise BadInput(f"{url!r} is not a LinkedIn profile URL (https://www.linkedin.com/in/...)")
    slug = match.group(2).lower()
    return f"https://www.linkedin.com/{match.group(1).lower()}/{slug}"


def normalize_identity(kind: str, value: str) -> str:
    """Normalise ``value`` for an identity of ``kind``."""
    value = safe_text(value)
    if kind == "email":
        return normalize_email(value)
    if kind == "phone":
        return normalize_phone(value)
    if kind == "linkedin":
        return normalize_linkedin(value)
    cleaned = value.strip()
    if not cleaned:
        raise BadInput(f"empty {kind} identity")
    return cleaned.lower() if kind in {"twitter", "github", "mastodon", "handle"} else cleaned


def guess_identity_kind(text: str) -> str | None:
    """Which identity a NAME argument looks like (email, linkedin, phone), or None for a plain name."""
    value = text.strip()
    if "@" in value and _EMAIL.match(value.lower().strip("<>")):
        return "email"
    if "linkedin.com/" in value.lower():
        return "linkedin"
    digits = sum(c.isdigit() for c in value)
    if digits >= 7 and re.fullmatch(r"[+\d\s().-]+", value):
        return "phone"
    return None
