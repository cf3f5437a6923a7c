"""Evidence, custody and protected sites: staff pages (under /record/evidence/) and the public
copies of images."""

from django.urls import path

from nidaa.incidents import evidence_views

# Mounted at /<lang>/record/evidence/ as namespace "evidence" (nidaa/urls.py).
staff_patterns = [
    path("custody/", evidence_views.custody_log, name="custody"),
    path("protected-sites/", evidence_views.protected_hits, name="protected_hits"),
    path("<str:code>/add/", evidence_views.add, name="add"),
    path("<int:pk>/", evidence_views.detail, name="detail"),
    path("<int:pk>/download/", evidence_views.download, name="download"),
]

# Unprefixed, as namespace "evidence_public": the metadata-free copy of a public image.
public_patterns = [
    path("evidence/<int:pk>", evidence_views.public_image, name="image"),
]
