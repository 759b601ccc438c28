"""Year rules: texts and project codes that name another year than the
filing's, as a filing copied from last year keeps them ("怀财字【2022】7号"
in a 2023 filing). Warnings: a text may rightly name a past year ("较2022年
增长"), the unit decides; the editor relies on them after copying a filing."""
import re
import unicodedata

from targets import field_catalogue as catalogue

from .common import project_label, projects, text_of, written_texts
from .problems import warning

_YEAR = r"(?:19|20)\d{2}"
# "2023-2025年", "2023至2025年": a span, fine when the filing's year is in it.
YEAR_SPAN = re.compile(rf"(?<!\d)({_YEAR})\s*年?\s*[-–—~～至到]\s*({_YEAR})(?!\d)")
# A year as a year: "2022年", "2022年度", or a document number's "【2022】"
# "〔2022〕" "[2022]" "(2022)". A bare number ("≥2000次") is not a year.
YEAR = re.compile(rf"(?<!\d)({_YEAR})(?=\s*年)|[【〔\[(]\s*({_YEAR})\s*[】〕\])]")
# A 21-character 项目编码 of the integrated budget system: 6-digit region
# code, 2-digit year, a type letter, a serial.
CODE_LENGTH = 21
CODE_YEAR = slice(6, 8)


def other_years(text, year):
    """The places in a text that name a year other than `year`, as written."""
    text = unicodedata.normalize("NFKC", text)
    found = []
    for span in YEAR_SPAN.finditer(text):
        first, last = int(span.group(1)), int(span.group(2))
        if not first <= year <= last:
            found.append(span.group(0))
    # Spans are judged whole: blank them out before looking at single years.
    text = YEAR_SPAN.sub(lambda m: " " * len(m.group(0)), text)
    for match in YEAR.finditer(text):
        if int(match.group(1) or match.group(2)) != year:
            found.append(match.group(0))
    return list(dict.fromkeys(found))


def check_text_years(document, framework):
    year = document.get("year")
    if not isinstance(year, int):
        return
    # The code has its own rule (below): its year is two digits, not a text.
    for location, owner, label, text in written_texts(document, framework, skip=("code",)):
        if not isinstance(text, str):
            continue
        found = other_years(text, year)
        if found:
            named = "、".join(f"“{y}”" for y in found)
            yield warning(
                "text.other_year",
                location,
                f"{owner}的{label}中写有{named}，与申报年度 {year} 年不符：若是从上年申报复制而来，请改为本年度",
            )


def check_code_years(document, framework):
    year = document.get("year")
    if not isinstance(year, int):
        return
    expected = f"{year % 100:02d}"
    label = catalogue.label("project", "code", framework.key)
    for index, project in projects(document):
        code = text_of(project.get("code"))
        # Other coding systems ("224-0501-JBN-BOVO") carry no year here.
        head = code[: CODE_YEAR.stop]
        if len(code) != CODE_LENGTH or not (head.isascii() and head.isdigit()):
            continue
        if code[CODE_YEAR] != expected:
            yield warning(
                "project.code_year",
                f"projects[{index}].code",
                f"{project_label(index, project)}的{label}“{code}”第 7–8 位年份为“{code[CODE_YEAR]}”，"
                f"与申报年度 {year} 年（{expected}）不符",
            )
