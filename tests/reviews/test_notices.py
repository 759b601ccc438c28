"""In-app notices: the page, the navbar count, marking read."""
import re

from reviews.models import Notice
from reviews.transitions import transition

from .conftest import FOREIGN_MARKER, client_for


def test_notices_page_count_and_read(world):
    home = world.home
    transition(home.filing.pk, home.staff, "submit")
    transition(home.filing.pk, home.reviewer, "return", comment="<b>请修改</b>")
    client = client_for(home.staff)
    page = client.get("/reviews/notices/").content.decode()
    assert re.search(r'id="unread-notices">1<', page)
    assert "&lt;b&gt;请修改&lt;/b&gt;" in page and "<b>请修改</b>" not in page
    notice = Notice.objects.get(recipient=home.staff)
    response = client.post(f"/reviews/notices/{notice.pk}/read/")
    assert response.status_code == 302 and response.url == f"/reviews/filings/{home.filing.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'id="unread-notices"' not in client.get("/reviews/notices/").content.decode()


def test_mark_all_read_and_foreign_notices(world):
    home = world.home
    Notice.objects.create(recipient=home.staff, filing=home.filing, message="一")
    Notice.objects.create(recipient=home.staff, filing=home.filing, message="二")
    # A notice about a filing the user cannot see (e.g. after a move) is
    # neither listed nor counted.
    Notice.objects.create(recipient=home.staff, filing=world.foreign.filing, message=FOREIGN_MARKER)
    client = client_for(home.staff)
    page = client.get("/reviews/notices/").content.decode()
    assert re.search(r'id="unread-notices">2<', page) and FOREIGN_MARKER not in page
    client.post("/reviews/notices/read/")
    assert Notice.objects.filter(recipient=home.staff, read_at__isnull=True).count() == 1
    other = Notice.objects.create(recipient=world.foreign.staff, filing=world.foreign.filing, message="x")
    assert client.post(f"/reviews/notices/{other.pk}/read/").status_code == 404


def test_a_reviewer_counts_only_notices_of_filings_in_reach(world):
    reviewer = world.home.reviewer
    Notice.objects.create(recipient=reviewer, filing=world.home.filing, message="辖区内")
    Notice.objects.create(recipient=reviewer, filing=world.foreign.filing, message=FOREIGN_MARKER)
    page = client_for(reviewer).get("/reviews/notices/").content.decode()
    assert re.search(r'id="unread-notices">1<', page) and "辖区内" in page and FOREIGN_MARKER not in page
