"""Demo events for the demo campaign, in several cities and time zones, written here in the
project's own words. `seed_demo` calls `seed_demo_events`; running it again brings them back,
each a few days ahead of today again, at the same local time."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.events import times
from nidaa.events.actions import place
from nidaa.events.links import new_key
from nidaa.events.models import Event


@dataclass(frozen=True)
class DemoEvent:
    key: str  # makes the host's address, which finds the event again
    kind: str
    language: str
    title: str
    description: str
    days_ahead: int
    local_start: datetime.time
    hours: int
    time_zone: str
    venue: str
    address: str
    public_address: bool
    city: str
    country: str
    capacity: int | None = None


DEMO_EVENTS = [
    DemoEvent(
        "london-vigil", Event.Kind.VIGIL, "en", "Demo: candlelight vigil for Idlib",
        "A silent vigil with candles and the names of the people killed in the latest strikes. "
        "Bring a candle; we bring the pamphlets and the banner.",
        4, datetime.time(18, 30), 2, "Europe/London", "Outside the Russian embassy",
        "Bayswater Road, London W2", True, "London", "GB",
    ),
    DemoEvent(
        "berlin-demo", Event.Kind.DEMONSTRATION, "ar", "تجريبي: مظاهرة من أجل إدلب",
        "مسيرة سلمية من ساحة أوبرباوم إلى وزارة الخارجية للمطالبة بحماية المدنيين في إدلب. "
        "أحضروا اللافتات والأعلام.",
        6, datetime.time(14, 0), 3, "Europe/Berlin", "Oberbaum Bridge",
        "", True, "Berlin", "DE",
    ),
    DemoEvent(
        "toronto-pamphlets", Event.Kind.PAMPHLETING, "en", "Demo: pamphleting drive at Union Station",
        "Two hours handing out the campaign's pamphlet to commuters. We meet at the café by the "
        "west entrance; the exact spot is sent to people who say they are coming.",
        9, datetime.time(8, 0), 2, "America/Toronto", "Union Station",
        "65 Front St W, west entrance café", False, "Toronto", "CA", 12,
    ),
    DemoEvent(
        "gaziantep-consulate", Event.Kind.EMBASSY, "ar", "تجريبي: وقفة أمام القنصلية",
        "وقفة تضامنية لتسليم رسالة الحملة إلى القنصلية. العنوان الدقيق يُرسل للمشاركين المؤكَّدين فقط.",
        12, datetime.time(11, 0), 1, "Europe/Istanbul", "قرب القنصلية",
        "يُرسل لاحقاً", False, "Gaziantep", "TR", 40,
    ),
    DemoEvent(
        "online-testimonies", Event.Kind.ONLINE, "en", "Demo: online evening of testimonies from Idlib",
        "Rescue workers and teachers from Idlib speak about the last month, with interpretation "
        "between Arabic and English. The link to join is sent to people who say they are coming.",
        15, datetime.time(19, 0), 2, "Asia/Damascus", "",
        "https://meeting.example.org/idlib-testimonies", False, "Idlib", "SY",
    ),
]  # fmt: skip


def _instant(demo: DemoEvent, today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    day = today + datetime.timedelta(days=demo.days_ahead)
    starts = times.to_utc(datetime.datetime.combine(day, demo.local_start), demo.time_zone)
    return starts, starts + datetime.timedelta(hours=demo.hours)


def seed_demo_events(campaign: Campaign) -> list[Event]:
    """Create or bring back the demo events, public, a few days ahead."""
    now = timezone.now()
    found = []
    for demo in DEMO_EVENTS:
        starts, ends = _instant(demo, now.date())
        email = f"demo-{demo.key}@example.org"
        event = Event.objects.filter(campaign=campaign, host_email_key=email).first() or Event(
            campaign=campaign, host_email=email, host_email_key=email, key=new_key()
        )
        event.kind, event.language, event.title = demo.kind, demo.language, demo.title
        event.description, event.starts_at, event.ends_at = demo.description, starts, ends
        event.time_zone, event.venue, event.address = demo.time_zone, demo.venue, demo.address
        event.address_visibility = (
            Event.AddressVisibility.EVERYONE if demo.public_address else Event.AddressVisibility.ATTENDEES
        )  # fmt: skip
        event.city, event.country, event.capacity = demo.city, demo.country, demo.capacity
        event.host_name, event.host_language = "Nidaa demo", demo.language
        event.status, event.proposed, event.proposed_at = Event.Status.APPROVED, None, None
        event.confirmed_at = event.confirmed_at or now
        event.approved_at = event.approved_at or now
        event.cancelled_at = None
        place(event)
        event.save()
        found.append(event)
    return found
