"""Sign-in (throttled after repeated failures), sign-out and changing
one's password."""
from django.contrib.auth import views as auth_views
from django.urls import path

from .security import ThrottledLoginView
from .views import PasswordChangeView

urlpatterns = [
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
]
