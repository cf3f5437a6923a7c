"""schema.org `Event` for an event's page, as JSON-LD: what search engines and calendar tools
read. It is data, not script: `<script type="application/ld+json">` is never run, so the
Content-Security-Policy (which forbids inline script) has nothing to allow, and the JSON is
escaped so that no text in it can close the element.
"""

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from nidaa.events.presenting import Shown

STATUS = {True: "https://schema.org/EventCancelled", False: "https://schema.org/EventScheduled"}
# Characters that could end the <script> element or start markup, as JSON escapes.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def event_data(shown: Shown, url: str) -> dict[str, Any]:
    event = shown.event
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "inLanguage": event.language,
        "url": url,
        "startDate": shown.starts.isoformat(),
        "endDate": shown.ends.isoformat(),
        "eventStatus": STATUS[shown.cancelled],
    }
    if event.host_name:  # forgotten some time after the event (actions.erase_hosts)
        data["organizer"] = {"@type": "Person", "name": event.host_name}
    if event.is_online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": url}
        return data
    data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    address = {"@type": "PostalAddress", "addressLocality": event.city, "addressCountry": event.country}  # fmt: skip
    if shown.address:
        address["streetAddress"] = shown.address
    place: dict[str, Any] = {"@type": "Place", "name": event.venue or event.city, "address": address}  # fmt: skip
    if shown.latitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": shown.latitude, "longitude": shown.longitude}  # fmt: skip
    data["location"] = place
    return data


def script(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
