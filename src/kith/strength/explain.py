"""Plain sentences for a strength score: "strong: 14 meetings in person over 3 years, last 2 weeks ago;
you both reach out; 3 mutual close contacts"."""

from __future__ import annotations

from collections.abc import Sequence

from kith.channels import CHANNELS
from kith.wording import count, days_ago, span

#: what one interaction on each channel is called, singular and plural
NOUNS = {
    "in_person": ("meeting in person", "meetings in person"),
    "video": ("video call", "video calls"),
    "call": ("phone call", "phone calls"),
    "email": ("email", "emails"),
    "message": ("message", "messages"),
    "social": ("social reaction", "social reactions"),
}


def label(strength: float) -> str:
    """One word for a strength."""
    if strength >= 0.55:
        return "strong"
    if strength >= 0.30:
        return "medium"
    if strength > 0:
        return "weak"
    return "none"


def sentence(
    strength: float,
    components: dict[str, float],
    counts: Sequence[float],
    days_since_first: float | None,
    days_since_last: float | None,
    *,
    initiated_by_first: float = 0.0,
    initiated_by_second: float = 0.0,
    mutual_close: float = 0.0,
    shared: float = 0.0,
    you: bool = True,
    override: bool = False,
) -> str:
    """The explanation of one tie. ``counts`` are interactions per channel (CHANNELS order); with
    ``you`` the first person is the reader ("you both reach out"), otherwise "they"."""
    head = label(strength)
    parts: list[str] = []
    contact = [
        f"{int(c)} {NOUNS[ch][0] if int(c) == 1 else NOUNS[ch][1]}"
        for ch, c in zip(CHANNELS, counts, strict=True)
        if c > 0
    ]
    if not contact:
        parts.append("no interaction logged")
    else:
        text = ", ".join(contact[:3])
        if days_since_first is not None and days_since_last is not None:
            together = days_since_first - days_since_last
            if together >= 1:
                text += f" over {span(together)}"
            text += f", last {days_ago(days_since_last)}"
        parts.append(text)
    first, second = initiated_by_first, initiated_by_second
    if first > 0 and second > 0 and min(first, second) >= 0.25 * max(first, second):
        parts.append("you both reach out" if you else "both reach out")
    elif first > 0 and second <= first:
        parts.append("mostly you reach out" if you else "mostly the first reaches out")
    elif second > 0:
        parts.append("mostly they reach out" if you else "mostly the second reaches out")
    if mutual_close >= 1:
        parts.append(count(int(mutual_close), "mutual close contact"))
    if shared >= 1:
        parts.append(count(int(shared), "shared context") + " (employer, school, group)")
    if override:
        parts.append("closeness set by you")
    return f"{head}: " + "; ".join(parts)
