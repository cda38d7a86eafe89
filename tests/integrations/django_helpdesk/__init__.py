"""The django-helpdesk integration, driven through the helpdesk's own code paths."""
