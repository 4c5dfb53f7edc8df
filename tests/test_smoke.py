from conftest import assert_user_error


def test_add_then_log_then_show(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-01")
    shown = kith("show", "jane@acme.example", "--json").json()
    assert shown["interaction_count"] == 1
    assert shown["timeline"][0]["channel"] == "in_person"


def test_unknown_kind_is_a_user_error(kith):
    kith("add", "Jane Doe")
    assert_user_error(kith("log", "tea", "Jane Doe", expect=2), "unknown kind")
