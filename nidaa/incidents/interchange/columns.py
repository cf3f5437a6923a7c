"""The columns of an incident file, and how ACLED's vocabulary maps onto the record's.

The first 31 columns are ACLED's, in the order of its codebook, so that a file exported here
opens in any tool made for ACLED data. The `nidaa_…` columns after them carry what ACLED has no
column for; a reader that does not know them ignores them, and an import here reads them back,
so an export re-imports to the same records. Each column has its HXL hashtag (hxl.py).
"""

from nidaa.incidents.models import Actor, Means

# (column, HXL hashtag). Hashtags follow the HXL standard's hashtags and attributes where one
# fits (#event, #date, #geo, #adm1, #loc, #affected, #group, #severity, #status, #meta).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id_cnty", "#event+id"),
    ("event_date", "#date+start"),
    ("year", "#date+year"),
    ("time_precision", "#date+precision"),
    ("disorder_type", "#event+type+disorder"),
    ("event_type", "#event+type"),
    ("sub_event_type", "#event+type+sub"),
    ("actor1", "#group+name+first"),
    ("assoc_actor_1", "#group+name+first+assoc"),
    ("inter1", "#group+type+first"),
    ("actor2", "#group+name+second"),
    ("assoc_actor_2", "#group+name+second+assoc"),
    ("inter2", "#group+type+second"),
    ("interaction", "#group+interaction"),
    ("civilian_targeting", "#event+targeting"),
    ("iso", "#country+code+num"),
    ("region", "#region+name"),
    ("country", "#country+name"),
    ("admin1", "#adm1+name"),
    ("admin2", "#adm2+name"),
    ("admin3", "#adm3+name"),
    ("location", "#loc+name"),
    ("latitude", "#geo+lat"),
    ("longitude", "#geo+lon"),
    ("geo_precision", "#geo+precision"),
    ("source", "#meta+source"),
    ("source_scale", "#meta+source+scale"),
    ("notes", "#description+i_en"),
    ("fatalities", "#affected+killed"),
    ("tags", "#meta+tags"),
    ("timestamp", "#date+updated"),
    # Nidaa's own.
    ("nidaa_title", "#description+title+i_en"),
    ("nidaa_title_ar", "#description+title+i_ar"),
    ("nidaa_notes_ar", "#description+i_ar"),
    ("nidaa_end_date", "#date+end"),
    ("nidaa_location_ar", "#loc+name+i_ar"),
    ("nidaa_admin1_pcode", "#adm1+code"),
    ("nidaa_admin1_ar", "#adm1+name+i_ar"),
    ("nidaa_admin2_pcode", "#adm2+code"),
    ("nidaa_admin2_ar", "#adm2+name+i_ar"),
    ("nidaa_admin3_pcode", "#adm3+code"),
    ("nidaa_admin3_ar", "#adm3+name+i_ar"),
    ("nidaa_location_mode", "#meta+location_mode"),
    ("nidaa_means", "#event+means"),
    ("nidaa_strikes", "#indicator+strikes+num"),
    ("nidaa_locations", "#indicator+locations+num"),
    ("nidaa_killed_min", "#affected+killed+min"),
    ("nidaa_killed_max", "#affected+killed+max"),
    ("nidaa_injured_min", "#affected+injured+min"),
    ("nidaa_injured_max", "#affected+injured+max"),
    ("nidaa_grade", "#severity+grade"),
    ("nidaa_status", "#status+workflow"),
    ("nidaa_attribution_status", "#meta+attribution+status"),
    ("nidaa_attribution_basis", "#meta+attribution+basis"),
)
HEADER: tuple[str, ...] = tuple(name for name, _tag in COLUMNS)

# Several actors in one cell are separated as ACLED separates associated actors.
SEPARATOR = "; "

# ACLED's sub-event types of political violence that can hit civilians, and the means each
# most likely means. An air/drone strike or a shelling is refined from the notes (below).
MEANS_OF_SUB_EVENT: dict[str, str] = {
    "air/drone strike": Means.AIR_STRIKE,
    "shelling/artillery/missile attack": Means.ARTILLERY,
    "chemical weapon": Means.CHEMICAL,
    "attack": Means.GROUND_ATTACK,
    "armed clash": Means.GROUND_ATTACK,
    "government regains territory": Means.GROUND_ATTACK,
    "non-state actor overtakes territory": Means.GROUND_ATTACK,
    "grenade": Means.GROUND_ATTACK,
}
# Words in the notes that name the weapon more precisely, in order of precedence.
AIR_WORDS = (("barrel bomb", Means.BARREL_BOMB), ("helicopter", Means.BARREL_BOMB),
             ("drone", Means.DRONE), ("uav", Means.DRONE), ("cluster", Means.CLUSTER),
             ("incendiary", Means.INCENDIARY))  # fmt: skip
SHELLING_WORDS = (("cluster", Means.CLUSTER), ("missile", Means.MISSILE),
                  ("rocket", Means.ROCKET), ("incendiary", Means.INCENDIARY))  # fmt: skip

# The other way, for an export: the ACLED event and sub-event type of each means.
REMOTE = "Explosions/Remote violence"
AIR = "Air/drone strike"
SHELLING = "Shelling/artillery/missile attack"
EVENT_OF_MEANS: dict[str, tuple[str, str]] = {
    Means.AIR_STRIKE: (REMOTE, AIR),
    Means.BARREL_BOMB: (REMOTE, AIR),
    Means.DRONE: (REMOTE, AIR),
    Means.INCENDIARY: (REMOTE, AIR),
    Means.ARTILLERY: (REMOTE, SHELLING),
    Means.ROCKET: (REMOTE, SHELLING),
    Means.MISSILE: (REMOTE, SHELLING),
    Means.CLUSTER: (REMOTE, SHELLING),
    Means.CHEMICAL: (REMOTE, "Chemical weapon"),
    Means.GROUND_ATTACK: ("Violence against civilians", "Attack"),
    Means.UNKNOWN: (REMOTE, ""),
}

# ACLED's actor types (inter1/inter2), as numbers (older files) or words (newer ones).
KIND_OF_INTER: dict[str, str] = {
    "1": Actor.Kind.STATE,
    "state forces": Actor.Kind.STATE,
    "2": Actor.Kind.REBEL,
    "rebel group": Actor.Kind.REBEL,
    "rebel groups": Actor.Kind.REBEL,
    "3": Actor.Kind.MILITIA,
    "political militia": Actor.Kind.MILITIA,
    "political militias": Actor.Kind.MILITIA,
    "4": Actor.Kind.MILITIA,
    "identity militia": Actor.Kind.MILITIA,
    "identity militias": Actor.Kind.MILITIA,
    "8": Actor.Kind.EXTERNAL,
    "external/other forces": Actor.Kind.EXTERNAL,
}
INTER_OF_KIND: dict[str, str] = {
    Actor.Kind.STATE: "1",
    Actor.Kind.REBEL: "2",
    Actor.Kind.MILITIA: "3",
    Actor.Kind.EXTERNAL: "8",
}
CIVILIANS_INTER = ("7", "civilians")
CIVILIAN_TARGETING = "Civilian targeting"

# Countries by the first two letters of an OCHA P-code: (name, ISO 3166 number, ACLED region).
COUNTRIES: dict[str, tuple[str, int, str]] = {
    "SY": ("Syria", 760, "Middle East"),
    "IQ": ("Iraq", 368, "Middle East"),
    "LB": ("Lebanon", 422, "Middle East"),
    "JO": ("Jordan", 400, "Middle East"),
    "TR": ("Turkey", 792, "Middle East"),
}


# The means whose ACLED sub-event type covers several weapons, and the words that tell them apart.
REFINED: dict[str, tuple[tuple[str, str], ...]] = {
    Means.AIR_STRIKE: AIR_WORDS,
    Means.ARTILLERY: SHELLING_WORDS,
}


def refined(means: str, notes: str) -> str:
    """An air strike or shelling made precise by the first weapon the notes name."""
    if not notes:
        return means
    lowered = notes.lower()
    for word, precise in REFINED[means]:
        if word in lowered:
            return precise
    return means
