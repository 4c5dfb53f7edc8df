"""Channels of contact, ordered by richness, and the everyday words people use for them.

kith orders channels by depth: in person > video > call > email > direct message > social reaction.
A user types a *kind* ("coffee", "lunch", "like"); kith stores both the kind and its channel.
"""

from __future__ import annotations

from kith.errors import BadInput

#: Channels from richest to thinnest; the interaction log format uses these exact names.
CHANNELS: tuple[str, ...] = ("in_person", "video", "call", "email", "message", "social")

CHANNEL_LABELS: dict[str, str] = {
    "in_person": "in person",
    "video": "video call",
    "call": "phone call",
    "email": "email",
    "message": "message",
    "social": "social reaction",
}

#: The words a person would type for an interaction, mapped to its channel.
KIND_CHANNELS: dict[str, str] = {
    # in person
    "coffee": "in_person",
    "lunch": "in_person",
    "breakfast": "in_person",
    "dinner": "in_person",
    "drinks": "in_person",
    "meeting": "in_person",
    "meetup": "in_person",
    "event": "in_person",
    "conference": "in_person",
    "visit": "in_person",
    "walk": "in_person",
    "in_person": "in_person",
    "in-person": "in_person",
    # video
    "video": "video",
    "zoom": "video",
    "videocall": "video",
    "video-call": "video",
    # call
    "call": "call",
    "phone": "call",
    "phonecall": "call",
    "phone-call": "call",
    # email
    "email": "email",
    "mail": "email",
    # direct messages
    "message": "message",
    "dm": "message",
    "text": "message",
    "sms": "message",
    "chat": "message",
    "inmail": "message",
    # social reactions
    "like": "social",
    "comment": "social",
    "endorse": "social",
    "endorsement": "social",
    "share": "social",
    "react": "social",
    "reaction": "social",
    "social": "social",
}


#: the kind to log for each channel when kith suggests one (an agenda item's "log it")
LOG_KIND = {
    "in_person": "coffee",
    "video": "video",
    "call": "call",
    "email": "email",
    "message": "message",
    "social": "like",
}


def channel_for_kind(kind: str) -> tuple[str, str]:
    """Return ``(kind, channel)`` for a typed kind, normalised; unknown kinds are a BadInput."""
    key = kind.strip().lower()
    if key in KIND_CHANNELS:
        return key, KIND_CHANNELS[key]
    known = ", ".join(sorted({k for k in KIND_CHANNELS if "-" not in k and "_" not in k}))
    raise BadInput(f"unknown kind {kind!r}; use one of: {known}")


def channel_rank(channel: str) -> int:
    """0 for the richest channel (in person), larger for thinner ones."""
    return CHANNELS.index(channel)


def check_channel(channel: str) -> str:
    """Validate a channel name from the interaction log format."""
    value = channel.strip().lower()
    if value not in CHANNELS:
        raise BadInput(f"unknown channel {channel!r}; use one of: {', '.join(CHANNELS)}")
    return value
