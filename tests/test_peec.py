"""PEEC statements: built step by step or from flags, refused with a reason when empty or too long."""

from __future__ import annotations

from conftest import assert_user_error

PARTS = {
    "--profession": "I am a data engineer",
    "--expertise": "I make slow reporting pipelines fast",
    "--environment": "in small teams at growing retailers",
    "--call-to-action": "introduce me to a head of data",
}


def _flags(**overrides):
    args = []
    for flag, value in {**PARTS, **overrides}.items():
        args += [flag, value]
    return args


def test_create_from_flags_prints_the_card(kith):
    out = kith("peec", "--event", "PyData Berlin", *_flags()).stdout
    lines = out.splitlines()
    assert lines[0] == "PEEC #1 for PyData Berlin"
    assert lines[1] == "  Profession:     I am a data engineer"
    assert lines[4] == "  Call to action: introduce me to a head of data"
    assert lines[5] == "  (24 words, about 10 seconds to say)"


def test_interactive_prompts_explain_a_refusal_and_ask_again(kith):
    too_long = "x" * 201
    answers = "\n".join(
        [
            "",
            "I am a recruiter",
            too_long,
            "I place senior engineers",
            "in Berlin startups",
            "send me founders who hire",
        ]
    )
    out = kith("peec", "--event", "Meetup", input=answers + "\n").stdout
    assert "Profession cannot be empty" in out
    assert "Expertise is 201 characters; keep each part to 200" in out
    assert "PEEC #1 for Meetup" in out
    shown = kith("peec", "--show", "--json").json()
    assert shown["profession"] == "I am a recruiter"
    assert shown["expertise"] == "I place senior engineers"
    assert shown["call_to_action"] == "send me founders who hire"


def test_several_statements_show_by_id_event_or_newest_and_list(kith):
    kith("peec", "--event", "PyData Berlin", *_flags())
    assert kith("peec", "--list").stdout.endswith("\n1 statement\n")
    kith("peec", "--event", "Recruiting Fair", *_flags(**{"--profession": "I am a hiring manager"}))
    kith("peec", *_flags(**{"--profession": "I build data teams"}))
    assert kith("peec", "--show", "--json").json()["profession"] == "I build data teams"
    assert kith("peec", "--show", "2", "--json").json()["event"] == "Recruiting Fair"
    by_event = kith("peec", "--show", "--event", "pydata   berlin").stdout
    assert by_event.startswith("PEEC #1 for PyData Berlin")
    listing = kith("peec", "--list").stdout
    assert "#2   2026-06-15  Recruiting Fair: I am a hiring manager" in listing
    assert "#3   2026-06-15  (no event): I build data teams" in listing
    assert [r["id"] for r in kith("peec", "--list", "--json").json()["statements"]] == [3, 2, 1]


def test_refusals(kith):
    assert_user_error(kith("peec", *_flags(**{"--expertise": "  "}), expect=2), "Expertise cannot be empty")
    assert_user_error(
        kith("peec", *_flags(**{"--environment": "y" * 250}), expect=2), "Environment is 250 characters"
    )
    wordy = " ".join(["word"] * 32)
    assert_user_error(
        kith("peec", *_flags(**{"--expertise": wordy, "--environment": wordy}), expect=2),
        "statement has 76 words",
        "keep it to 75 words",
    )
    assert_user_error(
        kith("peec", "--profession", "I am a data engineer", expect=2),
        "missing --expertise, --environment, --call-to-action",
    )
    assert_user_error(kith("peec", "--show", expect=2), "no PEEC statement yet")
    assert_user_error(kith("peec", "--show", "9", expect=2), "no PEEC statement #9")
    assert_user_error(
        kith("peec", "--show", "--event", "Nope", expect=2), "no PEEC statement for the event 'Nope'"
    )
    assert_user_error(kith("peec", "3", expect=2), "goes with --show")
    # asked for the parts with nothing to read (a script without a terminal)
    assert_user_error(
        kith("peec", "--event", "Meetup", input="I am a recruiter\n", expect=2), "no answer for Expertise"
    )
    # nothing was stored by the refused attempts
    assert kith("peec", "--list", "--json").json()["statements"] == []


def test_a_statement_is_corrected_part_by_part(kith):
    kith("peec", "--event", "PyData Berlin", *_flags())
    out = kith("peec", "--edit", "1", "--expertise", "I make slow reports fast", "--event", "PyData").stdout
    assert out.splitlines()[0] == "PEEC #1 for PyData"
    shown = kith("peec", "--show", "1", "--json").json()
    assert shown["expertise"] == "I make slow reports fast"
    assert shown["profession"] == PARTS["--profession"]  # the parts not given stay
    kith("peec", "--edit", "1", "--event", "")
    assert kith("peec", "--show", "1", "--json").json()["event"] is None


def test_a_correction_is_held_to_the_same_limits(kith):
    kith("peec", *_flags())
    wordy = " ".join(["w"] * 60)
    assert_user_error(kith("peec", "--edit", "1", "--expertise", wordy, expect=2), "statement has")
    assert_user_error(kith("peec", "--edit", "1", "--expertise", " ", expect=2), "Expertise cannot be empty")
    assert_user_error(kith("peec", "--edit", "1", expect=2), "nothing to change")
    assert_user_error(kith("peec", "--edit", "7", "--expertise", "x", expect=2), "no PEEC statement #7")
    assert_user_error(kith("peec", "--edit", "1", "--show", expect=2), "cannot be given together")
    assert kith("peec", "--show", "--json").json()["expertise"] == PARTS["--expertise"]


def test_a_statement_is_deleted_with_yes(kith):
    kith("peec", "--event", "PyData Berlin", *_flags())
    kith("peec", *_flags())
    assert_user_error(kith("peec", "--delete", "1", expect=2), "add --yes")
    assert_user_error(kith("peec", "--delete", "1", "--profession", "x", expect=2), "cannot go with")
    assert (
        kith("peec", "--delete", "1", "--yes").stdout.strip() == "Deleted PEEC statement #1 for PyData Berlin"
    )
    assert [r["id"] for r in kith("peec", "--list", "--json").json()["statements"]] == [2]
    assert_user_error(kith("peec", "--delete", "1", "--yes", expect=2), "no PEEC statement #1")
