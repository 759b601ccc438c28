"""Notices of transitions: in-app rows for the navbar count and the notices
page, and e-mail through Django's e-mail settings after the commit."""
import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse

from targets.visibility import filings_q
from units import permissions
from units.models import User

from .actions import ACTIONS
from .models import Notice

logger = logging.getLogger(__name__)


def reviewers_of_unit(unit):
    """Active reviewers whose jurisdiction holds the unit's region."""
    region_ids = [int(i) for i in unit.region.path.strip("/").split("/") if i]
    return User.objects.filter(
        role=User.Role.REVIEWER, is_active=True, jurisdiction__id__in=region_ids
    ).distinct()


def staff_of_unit(unit):
    return User.objects.filter(role=User.Role.STAFF, is_active=True, unit=unit)


# The people of each kind an action's notices go to (ReviewAction.notify).
RECIPIENTS = {permissions.UNIT_STAFF: staff_of_unit, permissions.REVIEWER: reviewers_of_unit}


def recipients_for(round):
    unit = round.filing.unit
    people = [person for kind in ACTIONS[round.action].notify for person in RECIPIENTS[kind](unit)]
    return [person for person in people if person.pk != round.actor_id]


def notify_round(round):
    """Write the notices of a transition; e-mail them once it is committed."""
    filing = round.filing
    verb = ACTIONS[round.action].verb
    message = f"{filing.year}年度“{filing.unit_name}”的绩效目标申报{verb}（{round.actor.display_name()}）"
    if round.comment:
        message += f"：{round.comment}"
    message = message[:500]
    recipients = recipients_for(round)
    Notice.objects.bulk_create(
        [Notice(recipient=person, filing=filing, round=round, message=message) for person in recipients]
    )
    addressed = [person.email for person in recipients if person.email]
    if not addressed:
        return
    link = ""
    site = getattr(settings, "SITE_URL", "")
    if site:
        link = "\n\n查看：" + site.rstrip("/") + reverse("reviews:filing", args=[filing.pk])
    subject = f"【绩效目标】{filing.year}年度 {filing.unit_name} {round.get_action_display()}"
    mails = [(subject, message + link, settings.DEFAULT_FROM_EMAIL, [address]) for address in addressed]
    transaction.on_commit(lambda: send_mails(mails))


def send_mails(mails):
    # The transition is already committed: a mail server that is down must
    # not turn it into an error page.
    try:
        send_mass_mail(mails, fail_silently=False)
    except Exception:
        logger.exception("sending %d notice e-mails failed", len(mails))


def notices_for(user):
    """The user's notices about filings they can still see."""
    return Notice.objects.filter(filings_q(user, prefix="filing__"), recipient=user)


def unread_count(user):
    if not user.is_authenticated:
        return 0
    return notices_for(user).filter(read_at__isnull=True).count()
