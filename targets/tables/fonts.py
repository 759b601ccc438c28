"""Which CJK font the PDF is set in, found through fontconfig.

The PDF names the font by family ("Noto Serif CJK SC") rather than by an
@font-face URL: Pango resolves it through fontconfig, which picks the
Simplified Chinese face inside the .ttc collection (an @font-face URL would
load the collection's first face, the Japanese one), and WeasyPrint embeds a
subset of it. The file path is kept to allow it in the URL fetcher and for
messages.
"""
import functools
import shutil
import subprocess
from dataclasses import dataclass

# Song (serif) faces first, the style of the printed forms; then any CJK font.
PREFERRED = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "SimSun",
    "Songti SC",
    "AR PL UMing CN",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
MISSING_MESSAGE = (
    "未找到可用于生成 PDF 的中文字体，请安装 Debian 软件包 fonts-noto-cjk"
    "（apt-get install fonts-noto-cjk）。"
    " / No CJK font found for the PDF; install the Debian package fonts-noto-cjk."
)


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Font:
    family: str
    path: str


def _run(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


@functools.lru_cache(maxsize=1)
def cjk_font():
    """The Font to use; FontMissing when the machine has no CJK font."""
    if not shutil.which("fc-match"):
        raise FontMissing(MISSING_MESSAGE + " (fontconfig: fc-match not found)")
    for family in PREFERRED:
        # fc-match always answers with something; accept only the family asked for.
        found = _run("fc-match", "-f", "%{family[0]}|%{file}", family).strip()
        name, _, path = found.partition("|")
        if name == family and path:
            return Font(family, path)
    for line in _run("fc-list", ":lang=zh", "family", "file").splitlines():
        path, _, families = line.partition(": ")
        if families:
            return Font(families.split(",")[0].strip(), path.strip())
    raise FontMissing(MISSING_MESSAGE)
