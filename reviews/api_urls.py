"""The JSON API (placeholder until the review workflow lands)."""
urlpatterns = []
