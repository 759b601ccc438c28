"""What a text a person sends must be before it is stored, whatever the
database: no NUL character (PostgreSQL's text columns cannot hold one), no
unpaired surrogate (JSON can carry one; UTF-8 cannot), within its length.
Review comments and return reasons are checked here whole; the filing's
own fields take storage_problem from here in targets.interchange.schema and
the editor's forms, beside their own lengths."""

# A reviewer's comment or a return reason: pages of reasons fit.
MAX_COMMENT_LENGTH = 10_000


def storage_problem(text):
    """None, or why no database could keep the text whatever its length, in
    Chinese (to follow the name of what it is: "审核意见含有…")."""
    if "\x00" in text:
        return "含有不允许的空字符（\\u0000）"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "含有无效的 Unicode 字符（不成对的代理项）"
    return None


def text_problem(text, max_length):
    """None, or why the text cannot be stored, in Chinese (as storage_problem)."""
    problem = storage_problem(text)
    if problem:
        return problem
    if len(text) > max_length:
        return f"不能超过 {max_length} 个字符（现有 {len(text)} 个）"
    return None
