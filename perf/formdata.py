"""Read a page's form the way a browser would submit it: the tests and the
load test post exactly what the page offers."""
from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = form_id is None
        self.depth_template = 0
        self.data = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = attrs.get("id") == self.form_id
        if tag == "template":
            self.depth_template += 1
        if not self.inside or self.depth_template:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button"):
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "template":
            self.depth_template -= 1
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.form_id is not None:
            self.inside = False

    def handle_data(self, data):
        if self._textarea and self.inside and not self.depth_template:
            # A browser drops the one newline right after <textarea>.
            current = self.data[self._textarea]
            if not current and data.startswith("\n"):
                data = data[1:]
            self.data[self._textarea] = current + data


def read_form(html, form_id="editor-form"):
    """{name: value} of the form with this id (or of the whole page)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.data
