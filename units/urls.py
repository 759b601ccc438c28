"""Sign-in (throttled after repeated failures) and sign-out."""
from django.contrib.auth import views as auth_views
from django.urls import path

from .security import ThrottledLoginView

urlpatterns = [
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
