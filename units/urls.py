"""Sign-in (throttled after repeated failures), sign-out, changing one's
password, and the admins' roster import."""
from django.contrib.auth import views as auth_views
from django.urls import path

from .security import ThrottledLoginView
from . import views

urlpatterns = [
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("roster/", views.roster, name="roster"),
    path("roster/confirm/", views.roster_confirm, name="roster_confirm"),
    path("roster/template.xlsx", views.roster_template, name="roster_template"),
    path("roster/current.xlsx", views.roster_current, name="roster_current"),
]
