"""The record on the staff site."""

from nidaa.incidents import sites_admin  # noqa: F401 - registers the protected-site pages
