"""A tiny HTTP client for the benchmark's set-up steps: sign in, read a form, send it back.

Standard library only. It keeps cookies itself because the portal runs with production
settings, whose cookies are marked ``Secure``: ``http.cookiejar`` would not send them back
over the plain HTTP of the loopback benchmark, and the benchmark must not change settings
that production uses. It talks to 127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


@dataclass
class Browser:
    """One visitor: a cookie jar and requests to one host and port on the loopback address."""

    port: int
    host: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 60

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        if self.host not in {"127.0.0.1", "localhost", "::1"}:
            raise ValueError("The benchmark only talks to the loopback address.")
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        all_headers = {"Host": f"{self.host}", "User-Agent": "lsp-bench"}
        if self.cookies:
            all_headers["Cookie"] = self.cookie_header()
        all_headers.update(headers or {})
        try:
            conn.request(method, path, body=body, headers=all_headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.getheaders(), raw.read())
        finally:
            conn.close()
        for key, value in response.headers:
            if key.lower() == "set-cookie":
                jar = SimpleCookie()
                jar.load(value)
                for name, morsel in jar.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: list[tuple[str, str]] | dict) -> Response:
        body = urllib.parse.urlencode(data).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def sign_in(self, username: str, password: str) -> None:
        page = self.get("/accounts/login/")
        form = find_form(page.text, lambda f: any(name == "password" for name, _ in f.fields))
        data = dict(form.fields)
        data.update(username=username, password=password)
        response = self.post(form.action or "/accounts/login/", data)
        if response.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Signing in as {username} failed: HTTP {response.status}")


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]]  # successful controls in document order, as a browser would send them
    submits: list[tuple[str, str]]  # submit buttons (name, value): a browser sends the one clicked


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._option: tuple[str | None, bool, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower(), [], [])
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "image"}:
                form.submits.append((name, a.get("value", "")))
            elif kind in {"checkbox", "radio"}:
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind not in {"button", "reset", "file"}:
                form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name and a.get("type", "submit").lower() == "submit":
            form.submits.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = (name, [])
        elif tag == "select" and name:
            self._select = (name, [])
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a, [])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            text = "".join(self._textarea[1])
            self._form.fields.append((self._textarea[0], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select[1].append((value if value is not None else "".join(text).strip(), selected))
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, options = self._select
            chosen = [value for value, selected in options if selected] or [value for value, _ in options[:1]]
            self._form.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "form":
            self._form = None


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(html: str, predicate) -> Form:
    for form in forms(html):
        if predicate(form):
            return form
    raise LookupError("No such form on the page.")


def return_save_fields(
    fields: list[tuple[str, str]], value_field: str, value: str, narrative: str
) -> list[tuple[str, str]]:
    """The quarterly return form as a browser sends it on "Save draft": every field as shown,
    with one value and the progress summary changed, so that every save writes something."""
    out = []
    for name, current in fields:
        if name == value_field:
            current = value
        elif name == "progress_summary":
            current = narrative
        out.append((name, current))
    out.append(("save", ""))
    return out
