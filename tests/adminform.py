"""Submit an admin form as a browser would: every field with the value the page shows."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data: dict[str, list[str]] = {}
        self.select: tuple[str, bool] | None = None
        self.multiple: set[str] = set()
        self.textarea: str | None = None
        self.text = ""

    def _add(self, name: str, value: str) -> None:
        if "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self.select = (name, "multiple" in attrs)
            if "multiple" in attrs:
                self.multiple.add(name)
            if "__prefix__" not in name:
                self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self._add(self.select[0], attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # The HTML parser keeps the newline that browsers drop after <textarea>.
            self._add(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text += data


def form_data(response, form_id: str) -> dict[str, list[str] | str]:
    """The fields of ``<form id=form_id>`` in ``response``, ready for ``client.post``."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    if not parser.data:
        raise AssertionError(f"No form #{form_id} with fields in the page.")
    data: dict[str, list[str] | str] = {}
    for name, values in parser.data.items():
        if name in parser.multiple:
            data[name] = values
        else:
            # A single-choice select with nothing selected: "" (its empty first option).
            data[name] = values[0] if values else ""
    return data
