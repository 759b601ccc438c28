"""Keep what a user object remembers about itself in step with changes
made through it."""
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import User


@receiver(m2m_changed, sender=User.jurisdiction.through)
def forget_jurisdiction_paths(sender, instance, **kwargs):
    """targets.visibility.jurisdiction_paths() keeps a reviewer's region
    paths on the user object; a change of the jurisdiction drops them."""
    if isinstance(instance, User):
        instance.__dict__.pop("_jurisdiction_paths", None)
