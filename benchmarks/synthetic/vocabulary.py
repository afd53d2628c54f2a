"""The fixed material of the synthetic world: countries and their places, the actors every
dataset has, the parts names are made of, and the phrases reports are written in.

Data only: :mod:`benchmarks.synthetic.world` makes actors from it,
:mod:`benchmarks.synthetic.content` writes events with it, :mod:`benchmarks.synthetic.sources`
fills texts and names publishers with it.
"""

# (ISO code, name, demonym, [(place, admin1, latitude, longitude)]); the first place is the capital.
COUNTRIES: tuple[tuple[str, str, str, tuple[tuple[str, str, float, float], ...]], ...] = (
    (
        "AF",
        "Afghanistan",
        "Afghan",
        (
            ("Kabul", "Kabul", 34.5553, 69.2075),
            ("Kandahār", "Kandahar", 31.6289, 65.7372),
            ("Herāt", "Herat", 34.3529, 62.2040),
            ("Mazār-i-Sharīf", "Balkh", 36.7090, 67.1109),
            ("Jalālābād", "Nangarhar", 34.4265, 70.4515),
            ("Kunduz", "Kunduz", 36.7280, 68.8570),
            ("Lashkar Gāh", "Helmand", 31.5930, 64.3700),
            ("Ghazni", "Ghazni", 33.5536, 68.4269),
        ),
    ),
    (
        "PK",
        "Pakistan",
        "Pakistani",
        (
            ("Islamabad", "Islamabad Capital Territory", 33.6844, 73.0479),
            ("Peshāwar", "Khyber Pakhtunkhwa", 34.0151, 71.5249),
            ("Quetta", "Balochistan", 30.1798, 66.9750),
            ("Karachi", "Sindh", 24.8607, 67.0011),
        ),
    ),
    (
        "IQ",
        "Iraq",
        "Iraqi",
        (
            ("Baghdad", "Baghdad", 33.3152, 44.3661),
            ("Mosul", "Nineveh", 36.3450, 43.1450),
            ("Kirkūk", "Kirkuk", 35.4681, 44.3922),
            ("Erbil", "Erbil", 36.1911, 44.0092),
        ),
    ),
    (
        "SY",
        "Syria",
        "Syrian",
        (
            ("Damascus", "Damascus", 33.5138, 36.2765),
            ("Aleppo", "Aleppo", 36.2021, 37.1343),
            ("Idlib", "Idlib", 35.9306, 36.6339),
            ("Deir ez-Zor", "Deir ez-Zor", 35.3359, 40.1408),
        ),
    ),
    (
        "YE",
        "Yemen",
        "Yemeni",
        (
            ("Sanaa", "Amanat al-Asimah", 15.3694, 44.1910),
            ("Aden", "Aden", 12.7855, 45.0187),
            ("Marib", "Marib", 15.4543, 45.3269),
            ("Al Ḥudaydah", "Al Hudaydah", 14.7978, 42.9545),
        ),
    ),
    (
        "SO",
        "Somalia",
        "Somali",
        (
            ("Mogadishu", "Banaadir", 2.0469, 45.3182),
            ("Kismayo", "Lower Juba", -0.3582, 42.5454),
            ("Baidoa", "Bay", 3.1138, 43.6498),
        ),
    ),
    (
        "ML",
        "Mali",
        "Malian",
        (
            ("Bamako", "Bamako", 12.6392, -8.0029),
            ("Gao", "Gao", 16.2666, -0.0400),
            ("Tombouctou", "Tombouctou", 16.7666, -3.0026),
            ("Mopti", "Mopti", 14.4843, -4.1827),
        ),
    ),
    (
        "NG",
        "Nigeria",
        "Nigerian",
        (
            ("Abuja", "Federal Capital Territory", 9.0765, 7.3986),
            ("Maiduguri", "Borno", 11.8311, 13.1510),
            ("Kano", "Kano", 12.0022, 8.5920),
        ),
    ),
    (
        "BF",
        "Burkina Faso",
        "Burkinabè",
        (
            ("Ouagadougou", "Centre", 12.3714, -1.5197),
            ("Djibo", "Sahel", 14.1022, -1.6306),
        ),
    ),
    (
        "UA",
        "Ukraine",
        "Ukrainian",
        (
            ("Kyiv", "Kyiv City", 50.4501, 30.5234),
            ("Kharkiv", "Kharkiv Oblast", 49.9935, 36.2304),
            ("Odesa", "Odesa Oblast", 46.4825, 30.7233),
        ),
    ),
    (
        "LY",
        "Libya",
        "Libyan",
        (
            ("Tripoli", "Tripoli", 32.8872, 13.1913),
            ("Benghazi", "Benghazi", 32.1167, 20.0667),
        ),
    ),
    ("QA", "Qatar", "Qatari", (("Doha", "Doha", 25.2854, 51.5310),)),
    ("CH", "Switzerland", "Swiss", (("Genève", "Geneva", 46.2044, 6.1432),)),
    (
        "TR",
        "Türkiye",
        "Turkish",
        (
            ("Ankara", "Ankara", 39.9334, 32.8597),
            ("İstanbul", "Istanbul", 41.0082, 28.9784),
        ),
    ),
    (
        "US",
        "United States",
        "American",
        (("Washington", "District of Columbia", 38.9072, -77.0369),),
    ),
)
#: Countries where the fighting is (talks, too, happen elsewhere).
CONFLICT_COUNTRIES = ("AF", "PK", "IQ", "SY", "YE", "SO", "ML", "NG", "BF", "UA", "LY")

# (id, name, kind, aliases, part_of)
FIXED_ACTORS: tuple[tuple[str, str, str, tuple[str, ...], str | None], ...] = (
    ("united-nations", "United Nations", "international_organisation", ("UN",), None),
    (
        "unama",
        "United Nations Assistance Mission in Afghanistan",
        "international_organisation",
        ("UNAMA",),
        "united-nations",
    ),
    (
        "minusma",
        "United Nations Multidimensional Integrated Stabilization Mission in Mali",
        "international_organisation",
        ("MINUSMA",),
        "united-nations",
    ),
    (
        "world-food-programme",
        "World Food Programme",
        "international_organisation",
        ("WFP",),
        "united-nations",
    ),
    (
        "nato",
        "North Atlantic Treaty Organization",
        "international_organisation",
        ("NATO", "the Alliance"),
        None,
    ),
    (
        "resolute-support",
        "Resolute Support Mission",
        "international_organisation",
        ("RSM",),
        "nato",
    ),
    ("african-union", "African Union", "international_organisation", ("AU",), None),
    (
        "atmis",
        "African Union Transition Mission in Somalia",
        "international_organisation",
        ("ATMIS", "AMISOM"),
        "african-union",
    ),
    ("european-union", "European Union", "international_organisation", ("EU",), None),
    (
        "icrc",
        "International Committee of the Red Cross",
        "international_organisation",
        ("ICRC", "Red Cross"),
        None,
    ),
    ("taliban", "Taliban", "armed_group", ("the Taliban", "Islamic Emirate"), None),
    ("haqqani-network", "Haqqani network", "armed_group", ("the Haqqanis",), "taliban"),
    ("islamic-state", "Islamic State", "armed_group", ("IS", "ISIS", "Daesh"), None),
    (
        "islamic-state-khorasan",
        "Islamic State – Khorasan Province",
        "armed_group",
        ("IS-Khorasan", "ISKP", "IS-K"),
        "islamic-state",
    ),
    (
        "islamic-state-west-africa",
        "Islamic State West Africa Province",
        "armed_group",
        ("ISWAP",),
        "islamic-state",
    ),
    ("al-qaeda", "al-Qaeda", "armed_group", ("al-Qaida", "AQ"), None),
    (
        "aqim",
        "al-Qaeda in the Islamic Maghreb",
        "armed_group",
        ("AQIM",),
        "al-qaeda",
    ),
    (
        "jnim",
        "Jama'at Nasr al-Islam wal-Muslimin",
        "armed_group",
        ("JNIM",),
        "al-qaeda",
    ),
    ("al-shabaab", "al-Shabaab", "armed_group", ("Harakat al-Shabaab al-Mujahideen",), "al-qaeda"),
    ("boko-haram", "Boko Haram", "armed_group", ("JAS",), None),
    ("houthis", "Houthis", "armed_group", ("Ansar Allah", "Ansarullah"), None),
    ("ttp", "Tehrik-i-Taliban Pakistan", "armed_group", ("TTP", "Pakistani Taliban"), None),
)

FIRST_NAMES = (
    "Abdul", "Ahmad", "Mohammad", "Zabihullah", "Amina", "Fatima", "Hamid", "Rahim", "Karim",
    "Yusuf", "Omar", "Ali", "Hassan", "Hussein", "Layla", "Maryam", "Nasir", "Sayed", "Khalid",
    "Tariq", "Bilal", "Farid", "Jamal", "Samira", "Nadia", "Ibrahim", "Ismail", "Mustafa",
    "Rashid", "Salim", "Walid", "Zainab", "Aisha", "Oleksandr", "Olena", "Amadou", "Moussa",
    "Fatoumata", "Ibrahima", "Aminata", "Chinedu", "Ngozi", "Abubakar", "Emeka", "John",
    "Sarah", "Michael", "Anna", "Pierre", "Sophie", "Mehmet", "Ayşe", "Zoë", "José", "Łukasz",
    "Björn", "Dmytro", "Iryna", "Halima", "Sirajuddin",
)  # fmt: skip
LAST_NAMES = (
    "Haqqani", "Mujahid", "Rahmani", "Karzai", "Ghani", "Akhund", "Baradar", "Yusufzai", "Khan",
    "Durrani", "Popal", "Siddiqui", "Qureshi", "Abbasi", "al-Jabouri", "al-Obaidi", "Hamdan",
    "Saleh", "Hadi", "Farah", "Mohamed", "Warsame", "Keita", "Traoré", "Diallo", "Coulibaly",
    "Touré", "Okafor", "Adeyemi", "Bello", "Shevchenko", "Kovalenko", "Bondarenko", "Smith",
    "Johnson", "Müller", "Dubois", "Y\u0131lmaz", "Öztürk", "García", "Novak", "Kowalski",
    "Lindqvist", "Petrenko", "Nouri", "Sharifi", "Noorzai", "Achakzai", "Stanekzai", "Wardak",
)  # fmt: skip
TITLES = ("Mullah", "General", "Dr", "Colonel", "Sheikh", "Minister", "Ambassador", "Commander")
POSITIONS = (
    "spokesman", "commander", "deputy leader", "minister", "governor", "ambassador",
    "correspondent", "director", "chairman", "chief negotiator", "police chief", "envoy",
)  # fmt: skip
# Transliteration variants that reporters use for the same name.
VARIANTS = (
    ("Mohammad", "Muhammad"), ("Zabihullah", "Sabihullah"), ("Hussein", "Husayn"),
    ("Yusuf", "Yousef"), ("Omar", "Umar"), ("Abdul", "Abd al-"), ("Qureshi", "Qureishi"),
    ("Haqqani", "Haqani"), ("Mujahid", "Mudschahid"), ("Oleksandr", "Alexander"),
    ("Durrani", "Durani"), ("Khalid", "Khaled"), ("Tariq", "Tarek"), ("Shevchenko", "Shevtchenko"),
)  # fmt: skip
GROUP_PREFIXES = ("Jamaat", "Harakat", "Lashkar", "Tehrik", "Ansar", "Jabhat", "Kataib", "Liwa")
GROUP_NOUNS = (
    "al-Nasr", "al-Furqan", "al-Haqq", "al-Islah", "al-Fath", "al-Ahrar", "al-Tawhid",
    "al-Muhajirin", "Khalid ibn al-Walid", "al-Badr", "al-Qassam", "al-Jihad",
)  # fmt: skip
MEDIA_NOUNS = (
    "Herald", "Times", "Daily", "Post", "Radio", "Television", "Tribune", "Observer",
    "Gazette", "Courier", "News Agency", "Broadcasting Corporation",
)  # fmt: skip
NGO_ADJECTIVES = (
    "Humanitarian", "Civic", "Independent", "Women's", "Children's", "Medical", "Human Rights",
    "Refugee", "Mine Action", "Peace",
)  # fmt: skip
NGO_NOUNS = (
    "Relief Committee", "Network", "Foundation", "Watch", "Alliance", "Council", "Initiative",
    "Association",
)  # fmt: skip
COMPANY_NOUNS = (
    "Logistics", "Construction Company", "Telecom", "Mining Company", "Airlines", "Bank",
    "Security Services", "Petroleum", "Trading House",
)  # fmt: skip
PARTY_ADJECTIVES = (
    "National", "Democratic", "Islamic", "Unity", "Progressive", "People's", "Justice",
    "Liberation", "Reform", "Green",
)  # fmt: skip
PARTY_NOUNS = ("Party", "Front", "Movement", "Alliance")
COMMUNITIES = (
    "Hazara", "Pashtun", "Tajik", "Uzbek", "Yazidi", "Kurdish", "Turkmen", "Fulani", "Tuareg",
    "Dogon", "Christian", "Shia", "Sufi", "Displaced", "Nomadic",
)  # fmt: skip
OTHER_NOUNS = ("Chamber of Commerce", "University", "Bar Association", "Council of Elders")

SITES = (
    "a checkpoint", "a mosque", "a crowded market", "the police headquarters", "a wedding hall",
    "a military base", "a girls' school", "the governor's compound", "a bus station",
    "a hospital", "the airport gate", "a fuel depot", "an army convoy", "a hotel",
    "a ministry building", "a refugee camp",
)  # fmt: skip
TOPICS = (
    "the killing of civilians", "the closure of girls' schools", "the detention of journalists",
    "rising food prices", "the postponement of elections", "the blockade of the city",
    "the treatment of prisoners", "cuts to humanitarian aid", "the expulsion of aid workers",
    "the curfew", "the destruction of crops", "attacks on health workers",
)  # fmt: skip
GOALS = (
    "hold elections within two years", "release all prisoners of war", "reopen the border crossing",
    "protect aid convoys", "guarantee safe passage for civilians", "rebuild the destroyed bridges",
    "restore electricity to the city", "investigate the killings", "disarm the militias",
    "return the displaced families to their villages",
)  # fmt: skip
FACTS = (
    "its forces had fired on the convoy", "foreign fighters were among the dead",
    "the talks had stalled", "the hostages had been moved across the border",
    "the air strike had hit a school", "its commanders had met in secret",
    "the ceasefire had been broken several times",
)  # fmt: skip
#: Phrases of time an event's ``date_text`` may hold. None names a span of several days ("last
#: week"): its date, a day, would be finer than its phrase, which validation rightly warns of
#: (``date-finer-than-evidence``) and a generated dataset must not provoke.
WHEN = (
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
    "on Sunday", "late on Friday", "early on Tuesday", "overnight", "yesterday",
    "at dawn", "in the afternoon",
)  # fmt: skip
CHANNELS = ("Telegram", "its Amaq news agency", "a website", "social media", "a video message")
# Sentences between the quotes of a source text; some are not ASCII, one is not in the BMP,
# so that code points, UTF-16 units and bytes all differ.
FILLERS = (
    "The situation remained tense throughout the region.",
    "Officials did not respond to requests for comment.",
    "Reporting by Zoë Müller and Łukasz Nowak; editing by Björn Åström.",
    "Temperatures in the valley reached 41 °C, complicating relief work.",
    "📰 Live updates follow below.",
    "« Nous condamnons fermement cette attaque », a diplomat said.",
    "Local elders in قندهار urged calm.",
    "Residents of Київ described a sleepless night.",
    "Prices for flour rose by 30 % in a week — the highest since 2012.",
    "The information could not be independently verified.",
    "Witnesses said the streets emptied within minutes.",
    "Aid agencies warned of a shortage of medicine and clean water.",
    "Ministers met again in Genève to discuss the next steps.",
    "A curfew was imposed from 9 p.m. to 5 a.m.",
)  # fmt: skip
PUBLISHERS = (
    "Regional Press Agency", "Frontline Wire", "Global News Service", "Nachrichtendienst Süd",
    "Agence de presse du Sahel",
)  # fmt: skip

# The label of each subtype of attack in titles, and the sentence that reports one.
ATTACK_VERBS = {
    "suicide_bombing": ("Suicide bombing", "A suicide bomber blew himself up at {site} in {city}"),
    "bombing": ("Bombing", "A roadside bomb exploded near {site} in {city}"),
    "rocket_attack": ("Rocket attack", "Several rockets struck {site} in {city}"),
    "armed_assault": ("Armed assault", "Gunmen stormed {site} in {city}"),
    "air_strike": ("Air strike", "An air strike hit {site} near {city}"),
    "shelling": ("Shelling", "Artillery shells landed on {site} in {city}"),
    "assassination": ("Assassination", "Gunmen shot dead an official outside {site} in {city}"),
    "hostage_taking": ("Hostage taking", "Attackers seized dozens of hostages at {site} in {city}"),
}  # fmt: skip
