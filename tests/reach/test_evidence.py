"""Who knows whom, by what the evidence was: logged gatherings, calendar meetings, email threads, schools
and the user's stated closeness, with their exact weights and words; weak ties said to be weak."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import assert_user_error
from test_graph import ties_by_name

from kith.interactions import log_interaction
from kith.people.identities import name_key
from kith.people.lookup import resolve
from kith.reach.load import load_graph
from kith.reach.weights import FADE_HALF_LIFE_DAYS
from kith.store.db import transaction
from kith.store.schema import Education

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def gathering(names: tuple[str, ...], when: str, *, kind: str, source: str = "manual", subject=None) -> None:
    """An interaction with several people, as the log, a calendar or a mailbox import stores it."""
    with transaction() as session:
        log_interaction(
            session,
            kind=kind,
            people=[resolve(session, n) for n in names],
            when=datetime.fromisoformat(when).replace(tzinfo=UTC),
            source=source,
            summary=subject,
        )


def faded_since(ended: date) -> float:
    """How much of a time together that ended on ``ended`` is left at NOW."""
    return 0.5 ** ((NOW.date() - ended).days / FADE_HALF_LIFE_DAYS)


def school(name: str, school: str, started: date | None, ended: date | None) -> None:
    with transaction() as session:
        session.add(
            Education(
                person_id=resolve(session, name).id,
                school=school,
                school_key=name_key(school),
                started_on=started,
                ended_on=ended,
            )
        )


@pytest.fixture
def people(kith):
    kith("me", "--name", "Ada Lovelace")
    for name in ("Jane Doe", "Tom Lee", "Kim Kay", "Bob Roe", "Dan Dee", "Eve Ek"):
        kith("add", name)
    return kith


def graph_weights() -> dict[tuple[int, int], float]:
    with transaction(write=False) as session:
        return load_graph(session, NOW).ties()


def test_a_logged_lunch_a_calendar_meeting_and_an_email_thread_weigh_apart(people):
    gathering(("Jane Doe", "Tom Lee", "Kim Kay"), "2026-05-01", kind="lunch")
    for day in ("2026-03-02", "2026-04-06", "2026-05-04"):
        gathering(("Jane Doe", "Bob Roe"), day, kind="meeting", source="calendar", subject="Weekly")
    ties = ties_by_name(people)
    lunch = ties[("Jane Doe", "Tom Lee")]
    assert [(e.kind, e.weight, e.weak) for e in lunch.evidence] == [("together", 0.5, False)]
    assert lunch.reason == "together at 1 group interaction of yours (latest 2026-05-01)"
    meetings = ties[("Bob Roe", "Jane Doe")]
    assert meetings.weight == pytest.approx(1 - 0.7**3)
    assert meetings.reason == "at 3 meetings together (latest 2026-05-04)"
    assert not meetings.weak


def test_a_bigger_meeting_says_less(people):
    many = ("Jane Doe", "Tom Lee", "Kim Kay", "Bob Roe", "Dan Dee", "Eve Ek")
    gathering(many, "2026-02-01", kind="meeting", source="calendar")
    ties = ties_by_name(people)
    assert len(ties) == 15
    assert ties[("Dan Dee", "Eve Ek")].weight == pytest.approx(0.3 * 4 / 6)


def test_email_threads_are_weak_counted_once_and_weighed_by_their_size(people):
    gathering(("Jane Doe", "Tom Lee"), "2026-03-01", kind="email", subject="Plans for May")
    gathering(("Jane Doe", "Tom Lee"), "2026-03-02", kind="email", subject="RE: Re: plans for  May")
    gathering(("Jane Doe", "Tom Lee", "Kim Kay", "Bob Roe"), "2026-03-05", kind="email", subject="Budget")
    ties = ties_by_name(people)
    mail = ties[("Jane Doe", "Tom Lee")]
    # two threads: one of two people (0.15), one of four (0.15 x 2/4)
    assert mail.weight == pytest.approx(1 - (1 - 0.15) * (1 - 0.075))
    assert mail.weak
    assert mail.reason == "weak evidence only: on 2 email threads together"
    assert ties[("Bob Roe", "Kim Kay")].weight == pytest.approx(0.075)
    assert [e.record() for e in ties[("Bob Roe", "Kim Kay")].evidence] == [
        {"kind": "thread", "weight": 0.075, "words": "on 1 email thread together", "weak": True}
    ]
    # a weak tie with a strong one beside it is not weak
    gathering(("Jane Doe", "Tom Lee"), "2026-04-01", kind="dinner")
    assert not ties_by_name(people)[("Jane Doe", "Tom Lee")].weak


def test_a_social_reaction_ties_nobody(people):
    gathering(("Jane Doe", "Tom Lee"), "2026-03-01", kind="like")
    assert ties_by_name(people) == {}
    assert graph_weights() == {}


def test_schools_with_shared_years_unknown_years_and_none(people):
    school("Jane Doe", "MIT", date(2010, 9, 1), date(2014, 6, 30))
    school("Tom Lee", "mit", date(2012, 9, 1), date(2016, 6, 30))
    school("Kim Kay", "MIT", None, None)
    school("Bob Roe", "MIT", date(2020, 9, 1), date(2022, 6, 30))
    ties = ties_by_name(people)
    together = ties[("Jane Doe", "Tom Lee")]  # years shared, over for twelve years: faded, and weak now
    assert together.weight == pytest.approx(0.5 * faded_since(date(2014, 6, 30)))
    assert (together.reason, together.weak) == ("weak evidence only: at MIT together 2012–2014", True)
    unknown = ties[("Jane Doe", "Kim Kay")]
    assert (unknown.reason, unknown.weak) == ("weak evidence only: both went to MIT", True)
    assert unknown.weight == pytest.approx(0.2)
    assert ("Bob Roe", "Jane Doe") not in ties  # both years known, never there at once
    assert ("Bob Roe", "Kim Kay") in ties


def test_a_school_many_of_your_people_went_to_says_less(people):
    for n in range(8):
        people("add", f"Student {n}")
        school(f"Student {n}", "Big University", date(2001, 9, 1), date(2005, 6, 30))
    school("Jane Doe", "Big University", date(2003, 9, 1), date(2007, 6, 30))
    school("Tom Lee", "Big University", date(2003, 9, 1), date(2007, 6, 30))
    ties = ties_by_name(people)
    assert ties[("Jane Doe", "Tom Lee")].weight == pytest.approx(
        0.5 * 5 / 10 * faded_since(date(2007, 6, 30))
    )
    assert ties[("Jane Doe", "Tom Lee")].reason == "weak evidence only: at Big University together 2003–2007"


def test_time_together_that_is_over_fades_and_time_together_now_does_not(people):
    for name in ("Ann A", "Ben B", "Cat C"):
        people("add", name)
    school("Ann A", "Design School", date(2024, 9, 1), date(2027, 6, 30))  # both studying there now
    school("Ben B", "Design School", date(2025, 9, 1), date(2028, 6, 30))
    school("Jane Doe", "Small College", date(2019, 9, 1), date(2021, 6, 30))  # five years ago
    school("Cat C", "Small College", date(2019, 9, 1), date(2021, 6, 30))
    ties = ties_by_name(people)
    now = ties[("Ann A", "Ben B")]
    assert (now.weight, now.weak) == (0.5, False)
    over = ties[("Cat C", "Jane Doe")]
    assert over.weight == pytest.approx(
        0.5 * 0.5 ** ((NOW.date() - date(2021, 6, 30)).days / FADE_HALF_LIFE_DAYS)
    )
    assert 0.2 < over.weight < 0.3 and not over.weak
    assert {tuple(sorted(p)) for p in ties} == set(graph_pairs(people))


def test_stated_closeness_is_the_ties_weight(people):
    people("knows", "Jane Doe", "Tom Lee", "--how", "neighbours", "--closeness", "0.4")
    people("knows", "Kim Kay", "Bob Roe")
    ties = ties_by_name(people)
    assert ties[("Jane Doe", "Tom Lee")].weight == pytest.approx(0.4)
    assert ties[("Jane Doe", "Tom Lee")].reason == "you said they know each other, closeness 0.4: neighbours"
    assert ties[("Bob Roe", "Kim Kay")].weight == pytest.approx(0.9)
    graph = graph_weights()
    assert sorted(graph.values()) == pytest.approx([0.4, 0.9])
    # saying it again replaces the closeness
    people("knows", "Jane Doe", "Tom Lee", "--closeness", "1")
    assert ties_by_name(people)[("Jane Doe", "Tom Lee")].weight == 0.95  # never certain


def test_closeness_out_of_range_is_a_one_line_error(people):
    assert_user_error(people("knows", "Jane Doe", "Tom Lee", "--closeness", "1.5", expect=2), "from 0 to 1")
    assert_user_error(people("knows", "Jane Doe", "Tom Lee", "--closeness", "-0.1", expect=2), "from 0 to 1")
    assert_user_error(
        people("knows", "Jane Doe", "Tom Lee", "--not", "--closeness", "0.5", expect=2), "--closeness"
    )
    assert ties_by_name(people) == {}


def test_a_rejected_tie_stays_rejected_whatever_the_evidence(people):
    people("knows", "Jane Doe", "Tom Lee", "--not")
    gathering(("Jane Doe", "Tom Lee"), "2026-03-01", kind="email", subject="Hello")
    gathering(("Jane Doe", "Tom Lee", "Kim Kay"), "2026-03-02", kind="meeting", source="calendar")
    gathering(("Jane Doe", "Tom Lee", "Kim Kay"), "2026-03-03", kind="lunch")
    school("Jane Doe", "MIT", date(2010, 9, 1), date(2014, 6, 30))
    school("Tom Lee", "MIT", date(2010, 9, 1), date(2014, 6, 30))
    ties = ties_by_name(people)
    assert ("Jane Doe", "Tom Lee") not in ties
    assert set(ties) == {("Jane Doe", "Kim Kay"), ("Kim Kay", "Tom Lee")}
    with transaction(write=False) as session:
        jane, tom = resolve(session, "Jane Doe").id, resolve(session, "Tom Lee").id
        graph = load_graph(session, NOW)
        assert graph.weight(jane, tom) == 0.0
        assert graph.evidence(session, jane, tom) is None
    assert len(graph_weights()) == 2


def test_a_weak_path_says_so_in_words_and_json(people):
    people("add", "Zoe Zed", "--tag", "designer")
    for when in ("2026-05-01", "2026-06-01"):
        people("log", "coffee", "Jane Doe", "--when", when)
    gathering(("Jane Doe", "Zoe Zed"), "2026-03-01", kind="email", subject="Intro")
    gathering(("Jane Doe", "Zoe Zed"), "2026-04-01", kind="email", subject="Portfolio")
    answer = people("reach", "--tag", "designer", "--json").json()
    (path,) = answer["paths"]
    assert path["reason"].endswith("knows Zoe Zed: weak evidence only: on 2 email threads together")
    (link,) = path["links"]
    assert link["weak"] is True
    assert link["weight"] == round(1 - 0.85**2, 4)
    assert link["evidence"][0]["weak"] is True
    # confirmed by the user, it is weak no more
    people("knows", "Jane Doe", "Zoe Zed", "--closeness", "0.6")
    confirmed = people("reach", "--tag", "designer", "--json").json()["paths"][0]["links"][0]
    assert confirmed["weak"] is False
    assert confirmed["weight"] == 0.711  # 1 - 0.85² x 0.4


def test_roles_that_only_touch_are_not_together_and_an_ended_role_is_not_now(people):
    from test_paths import past_role

    # Jane left Granite the day Tom started: never there at once
    past_role("Jane Doe", "Granite", date(2026, 6, 3), date(2026, 6, 3))
    past_role("Jane Doe", "Granite", date(2024, 1, 1), date(2026, 6, 3))
    past_role("Tom Lee", "Granite", date(2026, 6, 3), None)
    # Kim's role at Granite ended today; Bob's goes on, and Dan's start is not known (he is there now)
    past_role("Kim Kay", "Granite", date(2025, 1, 1), NOW.date())
    past_role("Dan Dee", "Granite", None, None)
    ties = ties_by_name(people)
    assert ("Jane Doe", "Tom Lee") not in ties
    assert ties[("Kim Kay", "Tom Lee")].reason == "together at Granite in 2026"
    assert ties[("Dan Dee", "Tom Lee")].reason == "both at Granite now"
    assert ties[("Dan Dee", "Kim Kay")].reason == "together at Granite in 2026"
    assert ("Dan Dee", "Jane Doe") not in ties
    assert {tuple(sorted(p)) for p in ties} == set(graph_pairs(people))


def test_schools_whose_years_only_touch_are_not_together(people):
    school("Jane Doe", "Porto", date(2000, 9, 1), date(2004, 6, 30))
    school("Tom Lee", "Porto", date(2004, 6, 30), date(2006, 6, 30))
    school("Kim Kay", "Porto", date(2003, 9, 1), date(2005, 6, 30))
    ties = ties_by_name(people)
    assert ("Jane Doe", "Tom Lee") not in ties
    assert ties[("Jane Doe", "Kim Kay")].reason == "weak evidence only: at Porto together 2003–2004"
    assert {tuple(sorted(p)) for p in ties} == set(graph_pairs(people))


def graph_pairs(kith) -> list[tuple[str, str]]:
    """The pairs the loaded graph holds, by name (it must hold the same as the words)."""
    ids = {p["id"]: p["name"] for p in kith("people", "--json").json()}
    return [tuple(sorted((ids[a], ids[b]))) for a, b in graph_weights()]


def test_a_role_of_a_day_or_less_is_never_together(people):
    from test_paths import past_role

    past_role("Kim Kay", "Granite", date(2026, 6, 10), date(2026, 6, 11))  # one day
    past_role("Eve Ek", "Granite", date(2026, 6, 12), date(2026, 6, 12))  # not even one
    past_role("Bob Roe", "Granite", date(2020, 1, 1), None)
    past_role("Dan Dee", "Granite", None, date(2026, 6, 12))  # start not known: there on his last day
    ties = ties_by_name(people)
    assert ties[("Bob Roe", "Dan Dee")].reason == "together at Granite in 2026"
    brief = {("Bob Roe", "Kim Kay"), ("Bob Roe", "Eve Ek"), ("Dan Dee", "Eve Ek"), ("Eve Ek", "Kim Kay")}
    assert not brief & set(ties)
    assert {tuple(sorted(p)) for p in ties} == set(graph_pairs(people))
