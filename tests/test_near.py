"""The one rule for "did you mean": only genuinely close names are offered (kith.near)."""

from kith.near import closest, typos


def test_a_typo_or_two_a_word_begun_or_a_word_misspelt_is_close():
    assert closest("Fatom AI", ["Fathom AI", "Acme"]) == ["Fathom AI"]
    assert closest("Fathim", ["Fathom AI", "Acme"]) == ["Fathom AI"]
    assert closest("Belmoor", ["Bellmoor Institute of Technology", "Northfield"]) == [
        "Bellmoor Institute of Technology"
    ]
    assert closest("hirin", ["hiring", "python"]) == ["hiring"]
    assert closest("Acne", ["Acme", "Initech"]) == ["Acme"]
    assert closest("Tom Li", ["Tom Lee"]) == ["Tom Lee"]
    assert closest("fath", ["Fathom AI"]) == ["Fathom AI"]  # a word's beginning, four letters or more


def test_far_off_names_are_not_offered():
    people = ["Noor Cerny", "Noor Dimitriou", "Mateo Oduya", "Una Farrowby", "Bao Farrowby"]
    assert closest("Nobody", people) == []
    assert closest("Nobdy", people) == []
    assert closest("Zebulon Quartz", people) == []
    assert closest("Fa", ["Fathom AI"]) == []  # too short to be a beginning or a typo
    assert typos("Acme", "acme") is None  # the name itself is nothing to suggest


def test_the_closest_come_first_one_per_spelling():
    assert closest("Acne", ["Acme Corp", "Acme", "ACME", "Acre"], most=3) == ["Acme", "Acre", "Acme Corp"]
