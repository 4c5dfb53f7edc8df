"""/api/docs: Swagger UI from files installed with kith, nothing loaded from another site, and a page
kith's Content-Security-Policy lets run."""

from __future__ import annotations

import base64
import hashlib
import re

from web_client import client


def test_the_docs_page_references_no_external_url_and_its_assets_load():
    web = client()
    page = web.get("/api/docs")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]*)"', page.text) + re.findall(r"url: '([^']*)'", page.text)
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "http://" not in page.text and "https://" not in page.text
    for url in urls:
        response = web.get(url)
        assert response.status_code == 200 and response.content, url
    assert "javascript" in web.get("/static/docs/swagger-ui-bundle.js").headers["content-type"]
    assert web.get("/static/docs/swagger-ui.css").headers["content-type"].startswith("text/css")
    assert '"validatorUrl": null' in page.text  # Swagger UI's online validator would call another site


def test_the_docs_page_policy_allows_its_own_inline_script_and_nothing_else():
    page = client().get("/api/docs")
    policies = page.headers.get_list("content-security-policy")
    assert len(policies) == 1, policies
    (script,) = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    script_src = next(p for p in policies[0].split(";") if p.strip().startswith("script-src"))
    assert f"'sha256-{digest}'" in script_src and "unsafe" not in script_src
    other = client().get("/").headers.get_list("content-security-policy")
    assert other == [policies[0].replace(f" 'sha256-{digest}'", "")]  # every other page keeps 'self' only
