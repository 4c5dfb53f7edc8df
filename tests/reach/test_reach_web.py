# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""The reach page and GET /api/reach: the same answer as ``kith reach --json``, shown as cards."""

from __future__ import annotations

import html
import re

from conftest import run_cli
from test_paths import network  # noqa: F401  (fixture)
from web_client import api, csrf_from, web  # noqa: F401  (fixtures)


def test_the_api_answers_what_the_command_prints(network, api):
    for options, params in (
        (["--company", "Acme"], {"company": "Acme"}),
        (["--company", "acm"], {"company": "acm"}),
        (["--company", "Globex"], {"company": "Globex"}),
        (["--company", "Acme", "--limit", "1"], {"company": "Acme", "limit": 1}),
    ):
        assert api.get("/api/reach", params=params).json() == network("reach", "--json", *options).json()


def test_the_api_refuses_a_bad_question(network, api):
    assert api.get("/api/reach").status_code == 400
    assert api.get("/api/reach", params={"company": "Nowhere Inc"}).json()["paths"] == []  # an answer
    assert api.get("/api/reach", params={"person": 9999}).status_code == 404


def test_the_page_shows_each_path_as_a_card_with_its_reason(network, web):
    html = web.get("/reach", params={"company": "Acme"}).text
    assert html.count('class="figure reach-path"') == 3
    assert "3 warm paths to Acme." in html
    assert "together at Acme 2019–2021" in html
    assert "Ask Jane Doe to introduce you to Tom Lee." in html
    assert "<script" not in html.split("<main", 1)[-1]
    assert '<a href="/reach"' in web.get("/").text


def test_the_page_words_no_path_and_an_unknown_company(network, web):
    assert "No warm path to Globex" in web.get("/reach", params={"company": "Globex"}).text
    assert (
        "Nobody among your people is at Nowhere Inc now."
        in web.get("/reach", params={"company": "Nowhere Inc"}).text
    )
    assert "could be Acme, Acme Labs" in web.get("/reach", params={"company": "acm"}).text.replace(
        "&#39;", "'"
    )
    empty = web.get("/reach")
    assert empty.status_code == 200 and 'name="q"' in empty.text and 'name="kind"' in empty.text


def test_the_page_reads_one_box_by_its_kind(network, web):
    network("edit", "Tom Lee", "--school", "MIT", "--title", "CTO")
    tom = network("show", "Tom Lee", "--json").json()["person"]["id"]
    page = web.get("/reach").text
    for value, words in (
        ("", "a person or a company"),
        ("school", "a school"),
        ("title", "a title"),
        ("tag", "a tag"),
    ):
        assert f'<option value="{value}"' in page and f">{words}</option>" in page, value
    # no kind: a person when the box names one exactly, else a company
    by_name = web.get("/reach", params={"q": "tom lee"}).text
    assert "3 warm paths to Tom Lee." in by_name
    assert "3 warm paths to Tom Lee." in web.get("/reach", params={"q": f"#{tom}"}).text
    assert "3 warm paths to Acme." in web.get("/reach", params={"q": "Acme"}).text
    school = web.get("/reach", params={"q": "mit", "kind": "school"}).text
    assert (
        "3 warm paths to people who went to MIT." in school and '<option value="school" selected>' in school
    )
    assert (
        "3 warm paths to people titled CTO." in web.get("/reach", params={"q": "cto", "kind": "title"}).text
    )
    assert "search for one of" in web.get("/reach", params={"q": "x", "kind": "planet"}).text


def test_the_page_shows_the_nearest_as_cards(network, web):
    network("log", "email", "Lee Chen", "--when", "2024-05-01")
    html = web.get("/reach", params={"q": "Globex"}).text
    assert "<h2>The nearest</h2>" in html and html.count('class="figure reach-near"') == 1
    assert "You have been in touch with Lee Chen yourself (" in html
    assert "Write to Lee Chen yourself." in html


def test_the_api_answers_schools_and_titles_as_the_command(network, api):
    network("edit", "Tom Lee", "--school", "MIT", "--title", "CTO")
    for options, params in ((["--school", "mit"], {"school": "mit"}), (["--title", "cto"], {"title": "cto"})):
        assert api.get("/api/reach", params=params).json() == network("reach", "--json", *options).json()


def test_part_of_a_name_in_the_box_offers_the_people_it_could_be(network, web):
    network("add", "Ada Ekwueme")
    network("add", "Ada Farrowby")
    ids = {p["name"]: p["id"] for p in network("people", "--json").json() if p["name"].startswith("Ada ")}
    html = web.get("/reach", params={"q": "Ada"}).text.replace("&#39;", "'")
    assert "Nobody among your people is at Ada now." not in html
    assert "'Ada' could be any of these 2; say which" in html
    for name, pid in ids.items():
        assert f'<a href="/reach?q=%23{pid}">{name} (#{pid})</a>' in html
    # a company whose name holds the text is offered first, beside the people it could name
    network("add", "Ada Lind", "--company", "Adastra")
    html = web.get("/reach", params={"q": "Ada"}).text.replace("&#39;", "'")
    assert "'Ada' could be any of these 4; say which" in html
    assert html.index('<a href="/reach?q=Adastra&amp;kind=company">Adastra (a company)</a>') < html.index(
        "Ada Ekwueme"
    )
    # one person it could name is that person, not a choice of one
    network("add", "Zora Quist")
    assert "No warm path to Zora Quist" in web.get("/reach", params={"q": "Zora"}).text
    picked = web.get("/reach", params={"q": f"#{ids['Ada Ekwueme']}"}).text
    assert "No warm path to Ada Ekwueme" in picked
    nobody = web.get("/reach", params={"q": "Nobody Atall"}).text.replace("&#39;", "'")
    assert "Nobody called 'Nobody Atall' and no company of that name among your people." in nobody
    # a company's part is still a company when no name holds it
    assert "could be Acme, Acme Labs" in web.get("/reach", params={"q": "acm"}).text.replace("&#39;", "'")


def test_reach_is_not_about_you_on_the_page_and_the_api(network, web, api):
    me = network("show", "me", "--json").json()["person"]["id"]
    said = "reach is about someone you want to meet, not about you"
    for q in ("me", f"#{me}"):
        page = web.get("/reach", params={"q": q}).text
        assert said in page
        assert "Not saved" not in page  # a search saves nothing: its refusal is beside its box
    answer = api.get("/api/reach", params={"person": me})
    assert answer.status_code == 400 and said in answer.text


def test_the_api_answers_an_ambiguous_company_with_its_candidates(network, api):
    answer = api.get("/api/reach", params={"company": "acm"})
    assert answer.status_code == 200
    assert answer.json()["candidates"] == ["Acme", "Acme Labs"]
    assert answer.json() == network("reach", "--company", "acm", "--json").json()


def test_the_api_says_who_knows_whom_and_undo_takes_it_back(network, api):
    ids = {p["name"]: p["id"] for p in network("people", "--json").json()}
    said = api.post(
        "/api/ties", json={"first": ids["Jane Doe"], "second": ids["Lee Chen"], "how": "neighbours"}
    )
    assert said.status_code == 200
    assert said.json() == {
        "first": {"id": ids["Jane Doe"], "name": "Jane Doe"},
        "second": {"id": ids["Lee Chen"], "name": "Lee Chen"},
        "knows": True,
        "how": "neighbours",
    }
    globex = network("reach", "--company", "Globex", "--json").json()
    assert globex["paths"][0]["reason"].endswith("knows Lee Chen: you said they know each other: neighbours")
    assert api.post("/api/undo").status_code == 200
    assert network("reach", "--company", "Globex", "--json").json()["paths"] == []
    refused = api.post("/api/ties", json={"first": ids["Jane Doe"], "second": ids["Jane Doe"]})
    assert refused.status_code == 400 and "two different people" in refused.text
    assert api.post("/api/ties", json={"first": ids["Jane Doe"], "second": 9999}).status_code == 404


def test_the_person_page_says_who_else_knows_them_and_not_true(network, web):
    ids = {p["name"]: p["id"] for p in network("people", "--json").json()}
    tom = ids["Tom Lee"]
    page = web.get(f"/people/{tom}").text
    token = csrf_from(page)
    # Jane was at Acme with Tom (inferred), Bob's and Dan's ties are your word: each can be said not true
    assert page.count(">not true</button>") == 3
    posted = web.post(
        "/ties",
        data={
            "csrf_token": token,
            "first_id": tom,
            "second": "Lee Chen",
            "how": "old flatmates",
            "back": f"/people/{tom}",
        },
        follow_redirects=False,
    )
    assert posted.status_code == 303 and posted.headers["location"] == f"/people/{tom}?saved=tie#who-knows"
    page = web.get(f"/people/{tom}").text
    assert "you said they know each other: old flatmates" in page
    said = web.post(
        "/ties",
        data={
            "csrf_token": token,
            "first_id": tom,
            "second": f"#{ids['Jane Doe']}",
            "knows": "false",
            "back": f"/people/{tom}",
        },
        follow_redirects=False,
    )
    # back to the person's ties (not the top of a long page), saying so, with the Undo button
    assert said.headers["location"] == f"/people/{tom}?saved=tie#who-knows"
    back = web.get(f"/people/{tom}", params={"saved": "tie"}).text
    assert "Saved: who knows whom." in back and 'id="who-knows"' in back and ">Undo " in back
    mutual = network("show", "Tom Lee", "--json").json()["common_ground"]["mutual"]
    assert "Jane Doe" not in [m["name"] for m in mutual]
    assert web.post("/ties", data={"first_id": tom, "second": "Lee Chen"}).status_code == 403  # no CSRF


def test_the_reach_page_asks_who_knows_them(network, web):
    html = web.get("/reach", params={"q": "Globex"}).text
    assert "kith knows NAME NAME" not in html
    assert 'class="inline who-knows"' in html and "Lee Chen</option>" in html
    lee = network("show", "Lee Chen", "--json").json()["person"]["id"]
    web.post(
        "/ties",
        data={
            "csrf_token": csrf_from(html),
            "first_id": lee,
            "second": "Jane Doe",
            "back": "/reach?q=Globex&kind=",
        },
    )
    assert "1 warm path to Globex." in web.get("/reach", params={"q": "Globex"}).text


def test_the_page_shows_the_best_paths_and_links_to_all_of_them(kith, web):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Tom Lee", "--company", "Acme")
    for n in range(7):
        kith("add", f"Friend {n}")
        kith("log", "coffee", f"Friend {n}", "--when", "2026-06-12")
        kith("knows", f"Friend {n}", "Tom Lee")
    html = web.get("/reach", params={"q": "Tom Lee"}).text
    assert html.count('class="figure reach-path"') == 5
    assert '<a href="/reach?q=Tom%20Lee&amp;kind=&amp;limit=7">Show all 7 paths</a>' in html
    every = web.get("/reach", params={"q": "Tom Lee", "kind": "", "limit": 7}).text
    assert every.count('class="figure reach-path"') == 7 and "Show all" not in every
    assert web.get("/reach", params={"q": "Tom Lee", "limit": 0}).status_code == 422


def _value(page: str, name: str) -> str:
    found = re.search(rf'<input name="{name}"[^>]*value="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else ""


def _hidden(form: str) -> dict[str, str]:
    return {
        k: html.unescape(v)
        for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
    }


def test_a_refused_tie_on_the_person_page_is_said_beside_its_form_with_a_button_per_name(network, web):
    tom = network("show", "Tom Lee", "--json").json()["person"]["id"]
    token = csrf_from(web.get(f"/people/{tom}").text)
    typed = {
        "csrf_token": token,
        "first_id": str(tom),
        "second": "Carl Col",
        "how": "climbing",
        "back": f"/people/{tom}",
    }
    network("add", "Carl Colm")  # two people close to what was typed: neither is guessed
    refused = web.post("/ties", data=typed, follow_redirects=False)
    assert refused.status_code == 422
    page = refused.text
    assert "<h1>Tom Lee" in page and "Go back to correct it" not in page
    said = page.split('id="who-knows"', 1)[1]
    assert said.index('class="error form-error"') < said.index('class="inline also-knows"')
    assert (_value(said, "second"), _value(said, "how")) == ("Carl Col", "climbing")
    forms = re.findall(r'<form class="inline" method="post" action="/ties">((?:(?!</form>).)*)</form>', said)
    buttons = [f for f in forms if 'class="suggestion"' in f]
    assert buttons and all(_hidden(b)["back"] == f"/people/{tom}" for b in buttons)
    carl = network("show", "Carl Coll", "--json").json()["person"]["id"]
    (take,) = [b for b in buttons if _hidden(b)["second"] == f"#{carl}"]
    assert "Carl Coll" in take and _hidden(take)["how"] == "climbing"
    done = web.post("/ties", data=_hidden(take), follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/people/{tom}?saved=tie#who-knows"
    assert "Carl Coll" in web.get(f"/people/{tom}").text.split('id="who-knows"', 1)[1]


def test_a_refused_tie_on_the_reach_page_shows_the_same_answer_and_the_error_beside_the_form(network, web):
    page = web.get("/reach", params={"q": "Globex"}).text
    assert "No warm path to Globex" in page
    form = re.search(r'<form class="inline who-knows".*?</form>', page, re.S).group(0)
    sent = {**_hidden(form), "second": "Nobody Known", "how": "neighbours"}
    sent["first_id"] = re.search(r'<option value="(\d+)"', form).group(1)
    refused = web.post("/ties", data=sent, follow_redirects=False)
    assert refused.status_code == 422
    text = refused.text
    assert "No warm path to Globex" in text and "Go back to correct it" not in text
    assert text.index('class="error form-error"') < text.index('class="inline who-knows"')
    assert "nobody called &#39;Nobody Known&#39;" in text
    assert (_value(text, "second"), _value(text, "how")) == ("Nobody Known", "neighbours")


def test_reach_offers_what_you_may_have_meant_as_links_and_in_the_api(network, web, api):
    page = web.get("/reach", params={"q": "Acne"}).text
    assert "Nobody called &#39;Acne&#39; and no company of that name among your people." in page
    assert '<a class="suggestion" href="/reach?q=Acme&amp;kind=company">Acme (a company)</a>' in page
    answer = api.get("/api/reach", params={"company": "Acne"}).json()
    assert {"q": "Acme", "kind": "company", "label": "Acme (a company)"} in answer["suggestions"]
    assert answer == network("reach", "--company", "Acne", "--json").json()
    said = network("reach", "--company", "Acne").stdout
    assert "Did you mean Acme (a company)" in said
    # a name close to someone's: their page's question, by #id
    jane = network("show", "Jane Doe", "--json").json()["person"]["id"]
    near = web.get("/reach", params={"q": "Jane Dough"}).text
    assert f'href="/reach?q=%23{jane}&amp;kind="' in near
    # a question kith cannot answer is said above the box, as typed, with the status of a refusal
    bad = web.get("/reach", params={"q": "Acme", "kind": "colour"})
    assert bad.status_code == 422 and 'class="error form-error"' in bad.text
    assert 'value="Acme"' in bad.text
    # an answer with no path is no refusal
    assert web.get("/reach", params={"q": "Acme"}).status_code == 200


def test_a_name_many_people_share_lists_those_you_know_first_and_says_how_many_more(network, web):
    surnames = ["Abbot", "Birch", "Crane", "Dorn", "Eads", "Frost", "Gale", "Hale", "Ives", "Joss", "Kerr"]
    for surname in surnames:
        network("add", f"Olga {surname}")
    network("log", "coffee", "Olga Kerr", "--when", "2026-05-01")  # the last added, the only one you met
    html = web.get("/reach", params={"q": "Olga"}).text.replace("&#39;", "'")
    assert "'Olga' could be any of these 8, or 3 more (those you know best are listed)" in html
    assert html.index("Olga Kerr") < html.index("Olga Abbot")
    said = run_cli("reach", "Olga")
    assert said.exit_code == 2 and "could be Olga Kerr" in said.stderr and "and 3 more" in said.stderr
