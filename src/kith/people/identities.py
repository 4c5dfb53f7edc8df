"""Normalising the ways people are identified: names, emails, phone numbers, profile URLs.

Two identities that normalise to the same value are the same person; importers and the CLI both go
through these functions so that "Jane.Doe@Example.com" and "jane.doe@example.com" never become two people.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit

from kith.errors import BadInput
from kith.text import one_line, safe_text

_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;.][^@\s<>,;]*$")
_PHONE_TEXT = re.compile(r"\+?[\d\s().\-/]+(\s*(x|ext\.?|;ext=)\s*\d+)?", re.IGNORECASE)
_HEX = re.compile(r"%[0-9A-F]{2}")
#: a canonical profile URL with a plain ASCII slug (most of them): nothing to fold
_LINKEDIN_CANONICAL = re.compile(r"https://www\.linkedin\.com/in/[a-z0-9_.~-]+")


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
    """Lower-cased email address; BadInput when it does not look like one.

    A domain without a dot (``me@localhost``, an intranet host) is an address too: local mail systems
    and test mailboxes use them.
    """
    value = email.strip().strip("<>").strip().lower()
    if value.startswith("mailto:"):
        value = value[len("mailto:") :]
    if not _EMAIL.match(value):
        raise BadInput(f"{email!r} is not an email address")
    return value


def check_region(region: str) -> str:
    """A two-letter region code for phone numbers ("IN", "US", "GB"), upper-cased; BadInput otherwise."""
    import phonenumbers

    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise BadInput(f"{region!r} is not a region code for phone numbers (two letters, such as IN, US, GB)")
    return code


def normalize_phone(phone: str, region: str | None = None) -> str:
    """E.164 form (+14155550123) when the number can be placed: it has a country code, or ``region`` (the
    user's, from ``kith me --region``) says where a number without one is from. A number that cannot be
    placed is kept as written, as its digits ("098765 43210" -> "09876543210"): never given a guessed
    country code. BadInput when it is not a phone number at all."""
    import phonenumbers

    text = " ".join(phone.split())
    if text.lower().startswith("tel:"):
        text = text[4:].strip()
    digits = "".join(c for c in text.split(";")[0] if c.isdigit())
    if not _PHONE_TEXT.fullmatch(text) or not 5 <= len(digits) <= 20:
        raise BadInput(f"{phone!r} is not a phone number")
    international = text.startswith("+")
    if not international and not region:
        return digits  # no country code and no region: where it is from is not known
    try:
        parsed = phonenumbers.parse(text, None if international else region)
    except phonenumbers.NumberParseException as exc:
        raise BadInput(f"{phone!r} is not a phone number") from exc
    if not phonenumbers.is_possible_number(parsed):
        if international:
            raise BadInput(f"{phone!r} is not a possible phone number")
        return digits  # not a number of the user's region: kept as written
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_is_placed(phone: str) -> bool:
    """True for a normalised number with a country code (E.164), False for one kept as written."""
    return phone.startswith("+")


#: names platforms write instead of a person: a hidden, deleted or private account
PLACEHOLDER_NAMES = frozenset({"linkedin member", "linkedin user", "unknown", "private", "deleted user"})


def is_placeholder_name(name: str | None) -> bool:
    """True for a platform's stand-in for a hidden or deleted account ("LinkedIn Member")."""
    if name is None or len(name) > 20 or name.lstrip()[:1] not in "LlUuPpDd":  # cheap: most names are not
        return False
    return name_key(name) in PLACEHOLDER_NAMES


def normalize_linkedin(url: str) -> str:
    """Canonical profile URL ``https://www.linkedin.com/in/<slug>``; BadInput for anything else.

    The ways one profile is written are folded together: http or https, with or without ``www.``, a
    country subdomain (``de.linkedin.com``), the mobile forms (``/mwlite/in/``, ``/m/in/``), any case,
    a trailing slash, extra path parts (``/details``, ``/en``), a query string or fragment, and the slug
    percent-encoded (Connections.csv) or in raw Unicode (messages.csv): the slug is stored decoded,
    lower-cased and NFC, then percent-encoded the one way (lower-case hex). An escaped colon from a
    vCard (``https\\://``) is read as a colon. An old public profile (``/pub/name/1a/2b3/4c5``) keeps
    its numbers, which tell people of one name apart.
    """
    if _LINKEDIN_CANONICAL.fullmatch(url):  # already canonical (an import normalises each URL twice)
        return url
    value = url.strip().strip("<>").strip().replace("\\:", ":")
    if not value:
        raise BadInput("empty LinkedIn URL")
    if value.startswith("//"):
        value = "https:" + value
    elif "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    segments = [s for s in (unquote(s).strip() for s in parts.path.split("/")) if s]
    if segments and segments[0].lower() in ("mwlite", "m"):
        segments = segments[1:]
    kind = segments[0].lower() if segments else ""
    if (
        not (host == "linkedin.com" or host.endswith(".linkedin.com"))
        or kind not in ("in", "pub")
        or len(segments) < 2
    ):
        raise BadInput(f"{url!r} is not a LinkedIn profile URL (https://www.linkedin.com/in/...)")
    slug = [segments[1]]
    if kind == "pub":  # /pub/jane-doe/1a/2b3/4c5: the numbers are part of who it is
        slug += [s for s in segments[2:5] if s.isalnum() and len(s) <= 4]
    return f"https://www.linkedin.com/{kind}/" + "/".join(_slug(s) for s in slug)


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFC", text.strip()).lower()
    return _HEX.sub(lambda m: m.group().lower(), quote(folded, safe="-_.~"))


def normalize_identity(kind: str, value: str, *, region: str | None = None) -> str:
    """Normalise ``value`` for an identity of ``kind`` (``region``: where phone numbers without a country
    code are from)."""
    value = safe_text(value)
    if kind == "email":
        return normalize_email(value)
    if kind == "phone":
        return normalize_phone(value, region)
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
