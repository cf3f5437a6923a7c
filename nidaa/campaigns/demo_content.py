"""The demo "Save Idlib" campaign, in the project's own words, in English and Arabic."""

SLUG = "save-idlib"
GOAL = 25000
HASHTAGS = "#SaveIdlib #IdlibUnderFire"
ARTWORK_CREDIT = "Nidaa project, CC BY 4.0"

TEXTS = {
    "en": {
        "title": "Save Idlib: stop the bombing of civilians",
        "summary": (
            "More than three million people live in Idlib, in north-west Syria, and many of "
            "them have already fled their homes several times. Air strikes and shelling hit "
            "homes, markets, schools, hospitals and camps for displaced families. On a single "
            "day, rescue teams recorded 57 air strikes on 16 places, 19 of them attributed to "
            "Russian warplanes. Families who run from the bombs find no safe place to go."
        ),
        "statement": (
            "We, organisations and people of conscience from many countries, stand with the "
            "civilians of Idlib.\n\n"
            "Civilians are not targets. Homes, hospitals, schools, bakeries and camps are "
            "protected by international humanitarian law, and those who attack them must "
            "answer for it. The world has watched this happen before; **we will not look away "
            "again**.\n\n"
            "We call on governments, the guarantor states and the United Nations to act now."
        ),
        "call_to_action": "Add your name, and ask your representatives to act before more lives are lost.",
        "artwork_alt": "A single candle burning against a dark blue night, with a thin red line of horizon.",
        "demands": [
            "Stop the deliberate targeting and the forced displacement of civilians.",
            "The guarantor states, Russia, Turkey and Iran, must protect civilians as they have promised.",
            "The UN Security Council must monitor respect for international humanitarian law and hold the perpetrators accountable.",
            "Displaced people need shelter, medical care and food now.",
        ],
    },
    "ar": {
        "title": "أنقذوا إدلب: أوقفوا قصف المدنيين",
        "summary": (
            "يعيش في إدلب، شمال غرب سوريا، أكثر من ثلاثة ملايين إنسان، نزح كثيرون منهم عن "
            "بيوتهم مرات عدة. الغارات الجوية والقصف المدفعي تصيب البيوت والأسواق والمدارس "
            "والمستشفيات ومخيمات العائلات النازحة. في يوم واحد سجّلت فرق الإنقاذ ٥٧ غارة جوية "
            "على ١٦ موقعاً، نُسبت ١٩ منها إلى طائرات حربية روسية. والعائلات التي تهرب من القنابل "
            "لا تجد مكاناً آمناً تلجأ إليه."
        ),
        "statement": (
            "نحن، منظمات وأفراداً من أصحاب الضمير في بلدان كثيرة، نقف مع المدنيين في إدلب.\n\n"
            "المدنيون ليسوا أهدافاً. البيوت والمستشفيات والمدارس والمخابز والمخيمات يحميها "
            "القانون الدولي الإنساني، ومن يهاجمها يجب أن يُحاسَب. لقد شهد العالم هذا من قبل؛ "
            "**ولن نغضّ الطرف مرة أخرى**.\n\n"
            "ندعو الحكومات والدول الضامنة والأمم المتحدة إلى التحرك الآن."
        ),
        "call_to_action": "أضف اسمك، واطلب من ممثليك أن يتحركوا قبل أن تُزهق أرواح أخرى.",
        "artwork_alt": "شمعة واحدة مضاءة في ليل أزرق داكن، يقطعه خط أفق أحمر رفيع.",
        "demands": [
            "أوقفوا الاستهداف المتعمد للمدنيين وتهجيرهم القسري.",
            "على الدول الضامنة، روسيا وتركيا وإيران، أن تحمي المدنيين كما تعهّدت.",
            "على مجلس الأمن الدولي أن يراقب احترام القانون الدولي الإنساني وأن يحاسب مرتكبي الانتهاكات.",
            "يحتاج النازحون إلى المأوى والرعاية الطبية والغذاء الآن.",
        ],
    },
}
