"""The demo campaign's lobbying: its letters and call scripts, and a demo custom list.

The list holds the UN Security Council's five permanent members' missions to the UN, with
contact details that are invented and say so (example.org addresses, 555-01xx telephone
numbers, which are reserved for fiction): a demo must never send a supporter's letter to a
real mission. `seed_demo_lobbying(campaign)` is safe to run again: it brings the templates and
the list back to this text.
"""

from django.db import transaction
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.lobbying.lookup import purge_lookups
from nidaa.lobbying.models import ContactChannel, Directory, LetterTemplate, Target

MISSIONS_SLUG = "unsc-missions"
EXAMPLE = "Demo data: invented for the demo campaign, not a real contact."
MISSIONS = [
    ("cn", "China", "01"),
    ("fr", "France", "02"),
    ("ru", "the Russian Federation", "03"),
    ("gb", "the United Kingdom", "04"),
    ("us", "the United States", "05"),
]

LETTER_EN = """Dear {target_name},

I live in {supporter_town}, and I am writing to you about the civilians of Idlib, in north-west Syria.

More than three million people live in Idlib, many of them already displaced several times. Air strikes keep hitting markets, hospitals, schools and camps, and families flee towards a closed border with nowhere safe to go.

I ask you, as {target_title}, to:
- press for an end to the attacks on civilians and on the places they depend on;
- support independent monitoring of international humanitarian law, so that those responsible can be held to account;
- back urgent funding for shelter, medical care and food for the people who have fled.

Please tell me what you will do.

Yours sincerely,
{supporter_name}
{supporter_town}"""

LETTER_AR = """السيد/السيدة {target_name} المحترم/ة،

أسكن في {supporter_town}، وأكتب إليكم بشأن المدنيين في إدلب، في شمال غرب سوريا.

يعيش في إدلب أكثر من ثلاثة ملايين شخص، نزح كثيرون منهم مرات عدة. وما زالت الغارات الجوية تصيب الأسواق والمستشفيات والمدارس والمخيمات، فيما تفرّ العائلات نحو حدود مغلقة دون مكان آمن تلجأ إليه.

أطلب منكم:
- الضغط من أجل وقف الهجمات على المدنيين وعلى الأماكن التي يعتمدون عليها؛
- دعم رقابة مستقلة على احترام القانون الإنساني الدولي، لكي يُحاسَب المسؤولون؛
- دعم تمويل عاجل للمأوى والرعاية الطبية والغذاء للنازحين.

أرجو أن تخبروني بما ستفعلونه.

مع الاحترام،
{supporter_name}
{supporter_town}"""

CALL_EN = (
    "Hello, my name is {supporter_name} and I live in {supporter_town}. I am calling to ask "
    "{target_title} {target_name} to speak up for the civilians of Idlib, in north-west Syria: "
    "to press for an end to the attacks on civilians, hospitals and schools, and to support "
    "urgent aid for displaced families. Could you please pass on my message? Thank you."
)
CALL_AR = (
    "مرحباً، اسمي {supporter_name} وأسكن في {supporter_town}. أتصل لأطلب من {target_name} "
    "رفع الصوت من أجل المدنيين في إدلب في شمال غرب سوريا: الضغط لوقف الهجمات على المدنيين "
    "والمستشفيات والمدارس، ودعم مساعدات عاجلة للعائلات النازحة. هل يمكنكم إيصال رسالتي؟ "
    "شكراً لكم."
)

MISSION_LETTER_EN = """To the {target_name},

I am writing from {supporter_town} to ask your country, as a member of the UN Security Council, to act for the civilians of Idlib, in north-west Syria.

Please use your seat on the Council to:
- demand an immediate end to the attacks on civilians, hospitals and schools;
- support a mechanism that monitors international humanitarian law and documents its violations;
- keep the routes for humanitarian aid into north-west Syria open.

Respectfully,
{supporter_name}"""

MISSION_LETTER_AR = """إلى {target_name}،

أكتب إليكم من {supporter_town} لأطلب من بلدكم، بصفته عضواً في مجلس الأمن الدولي، أن يتحرك من أجل المدنيين في إدلب، في شمال غرب سوريا.

أرجو أن تستخدموا مقعدكم في المجلس من أجل:
- المطالبة بوقف فوري للهجمات على المدنيين والمستشفيات والمدارس؛
- دعم آلية تراقب احترام القانون الإنساني الدولي وتوثّق انتهاكاته؛
- إبقاء طرق المساعدات الإنسانية إلى شمال غرب سوريا مفتوحة.

مع فائق الاحترام،
{supporter_name}"""

MISSION_CALL_EN = (
    "Hello, my name is {supporter_name} and I am calling from {supporter_town}. I would like "
    "to leave a message for the {target_name}: as a member of the Security Council, please use "
    "your seat to demand an end to the attacks on civilians in Idlib, and to keep humanitarian "
    "aid flowing into north-west Syria. Thank you."
)
MISSION_CALL_AR = (
    "مرحباً، اسمي {supporter_name} وأتصل من {supporter_town}. أودّ أن أترك رسالة إلى "
    "{target_name}: بصفتكم عضواً في مجلس الأمن، أرجو أن تستخدموا مقعدكم للمطالبة بوقف الهجمات "
    "على المدنيين في إدلب، وإبقاء المساعدات الإنسانية متدفقة إلى شمال غرب سوريا. شكراً لكم."
)

TEMPLATES = {
    # directory slug (None: every group) → language → (subject, letter, call script)
    None: {
        "en": ("Protect the civilians of Idlib", LETTER_EN, CALL_EN),
        "ar": ("احموا المدنيين في إدلب", LETTER_AR, CALL_AR),
    },
    MISSIONS_SLUG: {
        "en": (
            "The Security Council must protect the civilians of Idlib",
            MISSION_LETTER_EN,
            MISSION_CALL_EN,
        ),
        "ar": ("على مجلس الأمن حماية المدنيين في إدلب", MISSION_LETTER_AR, MISSION_CALL_AR),
    },
}


@transaction.atomic
def seed_demo_lobbying(campaign: Campaign) -> Directory:
    """The demo list of missions and the campaign's demo letters; returns the list."""
    missions = seed_demo_missions()
    for slug, by_language in TEMPLATES.items():
        directory = missions if slug == MISSIONS_SLUG else None
        for language, (subject, body, script) in by_language.items():
            LetterTemplate.objects.update_or_create(
                campaign=campaign,
                directory=directory,
                language=language,
                defaults={"subject": subject, "body": body, "call_script": script},
            )
    purge_lookups()
    return missions


def seed_demo_missions() -> Directory:
    directory, _ = Directory.objects.update_or_create(
        slug=MISSIONS_SLUG,
        defaults={
            "name": "UN Security Council: permanent members' missions (demo data)",
            "kind": Directory.Kind.CUSTOM,
            "country": "",
            "source": EXAMPLE,
            "imported_at": timezone.now(),
            "imported_count": len(MISSIONS),
        },
    )
    for position, (code, country, number) in enumerate(MISSIONS):
        _mission(directory, position, code, country, number)
    return directory


def _mission(directory: Directory, position: int, code: str, country: str, number: str) -> None:
    name = f"Permanent Mission of {country} to the United Nations (demo)"
    target, _ = Target.objects.update_or_create(
        directory=directory,
        source_id=f"demo-{code}",
        defaults={
            "name": name,
            "sort_name": f"{position:02d} {name}",
            "role": "Permanent mission to the UN",
            "country": code,
            "active": True,
        },
    )
    target.channels.all().delete()
    details = [
        (ContactChannel.Kind.EMAIL, f"mission-{code}.demo@example.org"),
        (ContactChannel.Kind.PHONE, f"+1 212 555 01{number}"),
        (ContactChannel.Kind.CONTACT_FORM, f"https://example.org/demo/mission-{code}"),
        (ContactChannel.Kind.POSTAL, f"Demo address {number}, Example Plaza, New York"),
    ]
    for kind, value in details:
        target.channels.create(kind=kind, value=value, label="demo", source=EXAMPLE)
