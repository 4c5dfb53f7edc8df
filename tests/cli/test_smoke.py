from conftest import assert_user_error, shown


def test_add_then_log_then_show(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-01")
    jane = shown(kith, "jane@acme.example")
    assert jane["interaction_count"] == 1
    assert jane["timeline"][0]["channel"] == "in_person"


def test_unknown_kind_is_a_user_error(kith):
    kith("add", "Jane Doe")
    assert_user_error(kith("log", "tea", "Jane Doe", expect=2), "unknown kind")
