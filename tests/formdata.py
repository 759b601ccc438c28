"""Post a page's form as a browser would (the reader is shared with the
load test)."""
from perf.formdata import read_form


def form_data(response, form_id="editor-form"):
    return read_form(response.content.decode("utf-8"), form_id)
