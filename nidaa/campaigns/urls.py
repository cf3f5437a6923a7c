from django.urls import path

from nidaa.campaigns import share_views, updates, views

app_name = "campaigns"

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.campaign_page, name="campaign"),
    # The share kit (share_views.py) and the campaign's own updates (updates.py).
    path("c/<slug:slug>/share/", share_views.share_kit, name="share"),
    path("c/<slug:slug>/share/mastodon/", share_views.mastodon, name="share_mastodon"),
    path("c/<slug:slug>/updates/", updates.updates, name="updates"),
    path("c/<slug:slug>/updates.atom", updates.updates_feed, name="updates_feed"),
]
