"""URLs for the integration tests: the helpdesk's own views."""

from django.urls import include, path

urlpatterns = [path("helpdesk/", include("helpdesk.urls"))]
