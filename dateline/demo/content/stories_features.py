"""Hand-written demo stories for Opinion, Explainers, Sports, Tech, Health, Entertainment and
Photostories. All people are fictional."""

from .specs import Embed, Facts, Picture, Quote, Related, StorySpec

OPINION_STORIES = (
    StorySpec(
        section="opinion",
        headline="A Budget for the small employer would be a Budget for jobs",
        dek="Tax breaks for large investments make headlines. Prompt refunds and simpler "
        "compliance for small firms would create more work.",
        place="New Delhi",
        tags=("Budget 2025", "Jobs"),
        authors=("farah-siddiqui",),
        kind="opinion",
        hours_ago=18,
        body=(
            "Every year the Budget speech promises to help small business, and every year "
            "the owners of small businesses tell us the same thing: the help they need is "
            "not a new scheme but less friction.",
            "A workshop with twenty employees does not have a tax department. When a refund "
            "is late, the owner delays a hire. When a form changes mid-year, an accountant's "
            "fee goes up. None of this shows in the headline numbers.",
            "A few changes would go a long way: a fixed deadline for refunds with interest "
            "when it is missed, a single annual return for the smallest firms, and one "
            "inspection calendar shared by all departments.",
            "These are unglamorous measures. They would also cost the exchequer very little, "
            "and they would reach the firms that employ most of the country's workers.",
        ),
    ),
    StorySpec(
        section="opinion",
        headline="Parliament needs fewer adjournments and more committees",
        dek="The most useful scrutiny of a bill often happens away from the television "
        "cameras. It is time to give committees the time and staff they need.",
        place="New Delhi",
        tags=("Parliament", "Monsoon Session"),
        authors=("rohit-mehra",),
        kind="opinion",
        hours_ago=75,
        body=(
            "Another session, another tally of hours lost. The pattern is so familiar that "
            "it barely makes news: protests in the well, adjournment, repeat.",
            "Yet some of the most careful law-making in recent years has come out of "
            "standing committees, where members of all parties sit around a table, call "
            "witnesses and read the fine print.",
            Quote(
                "A committee room has no gallery to play to.",
                "A former committee chairman, speaking at a seminar last year",
            ),
            "If more bills went to committee by default, and committees had researchers of "
            "their own, the floor of the House could concentrate on the debates that matter "
            "most. Disruption would not disappear, but it would cost less.",
        ),
    ),
    StorySpec(
        section="opinion",
        headline="Our cities plan for cars and then wonder why they cannot walk",
        dek="Footpaths are treated as leftover space. Until that changes, no metro line or "
        "flyover will fix the daily commute.",
        place="Bengaluru",
        tags=("Infrastructure", "Climate"),
        authors=("nandini-kapoor",),
        kind="opinion",
        hours_ago=290,
        body=(
            "Try walking a kilometre in most Indian cities and you will spend half of it on "
            "the road. Footpaths end without warning, disappear under parked cars, or rise "
            "to knee height to stop two-wheelers from using them.",
            "Every trip on public transport begins and ends on foot. A new metro station "
            "that cannot be reached safely on foot will never reach its ridership targets.",
            "The fix is not expensive. Continuous, level footpaths, safe crossings every few "
            "hundred metres and shade would do more for the commute than another flyover.",
            Related(),
        ),
    ),
    StorySpec(
        section="opinion",
        headline="Cricket's calendar has no room left for rest, and the players know it",
        dek="Three formats, franchise leagues and bilateral tours have squeezed out the "
        "off-season. Boards should agree on a minimum break.",
        place="Mumbai",
        tags=("Cricket", "Team India"),
        authors=("arjun-bhattacharya",),
        kind="opinion",
        hours_ago=400,
        body=(
            "Ask a fast bowler when he last had a month without cricket and the answer is "
            "usually a shrug. The international calendar, topped up with franchise leagues, "
            "now runs almost all year.",
            "Injury lists tell the story: stress fractures and side strains have become as "
            "predictable as the monsoon.",
            "Boards could agree, through the global body, on a guaranteed six-week break for "
            "centrally contracted players. It would cost a few matches and save careers.",
        ),
    ),
)

EXPLAINER_STORIES = (
    StorySpec(
        section="explainers",
        headline="Explained: how the Union Budget is made, from the first meeting to the speech",
        dek="Months of consultations, a locked-in printing team and a speech that runs to "
        "nearly two hours: a step-by-step guide.",
        place="New Delhi",
        tags=("Budget 2025", "Parliament"),
        authors=("farah-siddiqui",),
        kind="explainer",
        hours_ago=49,
        body=(
            "The Budget presented in Parliament every February is the end of a process that "
            "begins in the autumn, when the finance ministry asks every department to send "
            "its spending estimates for the coming year.",
            Facts(
                "The Budget calendar",
                (
                    "Autumn: departments send revised and new spending estimates",
                    "Winter: pre-Budget meetings with industry, farmers and economists",
                    "January: documents are finalised and printed under strict secrecy",
                    "February: the finance minister presents the Budget in the Lok Sabha",
                ),
            ),
            "Pre-Budget consultations give industry bodies, trade unions and farm groups a "
            "chance to make their case. Their requests are published widely, though only a "
            "few end up in the final document.",
            "Once presented, the Budget must be passed by Parliament through the Finance "
            "Bill and the Appropriation Bill before the financial year begins on April 1.",
            Facts(
                "Key documents to look for",
                (
                    "Budget speech: the headline announcements",
                    "Finance Bill: the tax changes",
                    "Expenditure profile: where the money goes",
                ),
            ),
        ),
    ),
    StorySpec(
        section="explainers",
        headline="Explained: what a 'deep depression' in the Bay of Bengal means for you",
        dek="Weather agencies grade low-pressure systems by wind speed. Here is what each "
        "step means for rain, fishing and travel.",
        place="Bhubaneswar",
        tags=("Monsoon", "Climate"),
        authors=("kavya-iyer",),
        kind="explainer",
        hours_ago=70,
        body=(
            "When forecasters say a low-pressure area has 'intensified into a deep "
            "depression', they are describing a step on a scale defined by sustained wind "
            "speed.",
            Facts(
                "The scale, in short",
                (
                    "Low-pressure area: winds below about 31 km/h",
                    "Depression: 31 to 49 km/h",
                    "Deep depression: 50 to 61 km/h",
                    "Cyclonic storm: 62 km/h and above",
                ),
            ),
            "A deep depression can bring very heavy rain to coastal districts even if it "
            "never becomes a cyclone. Fishing boats are usually told to return to harbour "
            "at this stage.",
            "Rail and air services may be adjusted if the system is expected to make "
            "landfall. Check official advisories rather than forwarded messages.",
        ),
    ),
    StorySpec(
        section="explainers",
        headline="Explained: why your phone shows 5G but feels slow",
        dek="The symbol on your screen says which network you are connected to, not how "
        "much capacity is available in your area.",
        place="Bengaluru",
        tags=("Smartphones", "Infrastructure"),
        authors=("leah-fernandes",),
        kind="explainer",
        hours_ago=190,
        body=(
            "Many readers ask why their phone shows a 5G icon while videos still buffer. The "
            "answer lies in how networks share capacity among users.",
            Facts(
                "Three reasons 5G can feel slow",
                (
                    "Many users share the same tower at peak hours",
                    "Some 5G is carried on lower frequencies with less capacity",
                    "Walls and distance weaken high-frequency signals",
                ),
            ),
            "Speeds are usually best outdoors and near towers, and at off-peak times.",
            Embed(
                "https://www.example.com/network-speed-guide",
                "How to run a fair speed test",
                "A short guide to measuring your connection without misleading results.",
            ),
        ),
    ),
    StorySpec(
        section="explainers",
        headline="Explained: how a parliamentary committee examines a bill",
        dek="Sending a bill to committee can add months to its journey. Here is what "
        "happens in that time, and why it matters.",
        place="New Delhi",
        tags=("Parliament", "Monsoon Session"),
        authors=("rohit-mehra",),
        kind="explainer",
        hours_ago=110,
        body=(
            "When a bill is referred to a parliamentary committee, members from several "
            "parties study it clause by clause, invite comments from the public and hear "
            "from experts and officials.",
            Facts(
                "The committee process",
                (
                    "Public notice inviting written suggestions",
                    "Oral evidence from ministries and experts",
                    "Clause-by-clause discussion",
                    "A report tabled in both Houses",
                ),
            ),
            "Committee recommendations are not binding, but governments often accept many "
            "of them, and reports are a valuable public record.",
            Related(),
        ),
    ),
)

SPORTS_STORIES = (
    StorySpec(
        section="cricket",
        headline="India women seal series with a four-wicket win in a tense chase",
        dek="A calm half-century from the middle order and a late cameo took the hosts "
        "home with an over to spare.",
        place="Navi Mumbai",
        tags=("Cricket", "Team India"),
        authors=("arjun-bhattacharya",),
        hours_ago=14,
        body=(
            "Chasing 247 on a slowing pitch, India lost three early wickets before a "
            "partnership of 96 for the fifth wicket steadied the innings.",
            "Needing 28 from the last three overs, the lower order found the boundary "
            "twice in the 48th and completed the chase with six balls remaining.",
            Quote(
                "We knew the dew would come. We just had to be there when it did.",
                "The Indian captain, speaking at the presentation",
            ),
            "The third and final match is on Sunday.",
        ),
    ),
    StorySpec(
        section="cricket",
        headline="Ranji Trophy: young spinner's ten-wicket haul keeps Vidarbha on top",
        dek="The 20-year-old left-armer, in only his fourth first-class match, bowled his "
        "side to an innings win.",
        place="Nagpur",
        tags=("Cricket", "Domestic Leagues"),
        agency="press-trust-of-india",
        hours_ago=210,
        body=(
            "A left-arm spinner playing only his fourth first-class match took ten wickets "
            "as Vidarbha won by an innings on the third day.",
            "Bowling long spells from the pavilion end, he used the rough well and was "
            "rarely collared.",
            "Vidarbha remain top of their group with two rounds to play.",
        ),
    ),
    StorySpec(
        section="football",
        headline="ISL: late header earns Kerala side a point in southern derby",
        dek="A corner in stoppage time rescued a draw after the visitors had led for most "
        "of the second half.",
        place="Kochi",
        tags=("Football", "Domestic Leagues"),
        authors=("arjun-bhattacharya",),
        hours_ago=58,
        body=(
            "A crowd of more than thirty thousand saw the home side snatch a 1-1 draw with a "
            "header from a corner deep in stoppage time.",
            "The visitors had taken the lead early in the second half through a low shot "
            "from the edge of the area and defended well until the final minute.",
            "The result keeps both sides in the top six.",
            Embed(
                "https://www.youtube.com/watch?v=demo-highlights",
                "Match highlights",
                "The goals and key chances from the derby.",
            ),
        ),
    ),
    StorySpec(
        section="sports",
        headline="Indian shooters take two golds at Asian championship",
        dek="The 10m air rifle mixed team and a teenage pistol shooter topped the podium "
        "on a strong day for the squad.",
        place="Astana",
        tags=("Olympics", "Team India"),
        agency="press-trust-of-india",
        hours_ago=120,
        body=(
            "Indian shooters won two gold medals on the third day of the Asian championship, "
            "taking the squad's tally to five medals.",
            "The mixed team pair won their final comfortably, while a 17-year-old pistol "
            "shooter held her nerve in a shoot-off.",
            "The results also earn quota places for next year's continental games.",
        ),
    ),
)

TECH_STORIES = (
    StorySpec(
        section="tech",
        headline="Indian-language voice assistants get better at mixed speech",
        dek="Developers say new models handle sentences that switch between Hindi and "
        "English, but regional accents remain a challenge.",
        place="Bengaluru",
        tags=("AI", "Startups"),
        authors=("leah-fernandes",),
        hours_ago=16,
        body=(
            "Voice assistants built by Indian start-ups are getting better at understanding "
            "the way many people actually speak: in sentences that switch between languages.",
            "Developers say models trained on mixed speech recorded in call centres and "
            "public broadcasts perform far better than those trained on formal text.",
            Quote(
                "Nobody says 'please transfer funds to my savings account' in pure Hindi. "
                "The model has to follow real speech.",
                "Pranav Kulkarni, co-founder of a speech-technology start-up",
            ),
            "Accents from the north-east and parts of the south are still handled poorly, "
            "they say, because there is less recorded speech to learn from.",
            Related(),
        ),
    ),
    StorySpec(
        section="tech",
        headline="Phone makers promise longer software updates for budget models",
        dek="Buyers of phones under ₹15,000 could get four years of security fixes, up from "
        "two, under plans announced by several brands.",
        place="New Delhi",
        tags=("Smartphones", "Cybersecurity"),
        authors=("leah-fernandes",),
        hours_ago=90,
        body=(
            "Several smartphone brands say their next budget models will receive security "
            "updates for four years, closing a long-standing gap with expensive phones.",
            "Security researchers welcomed the move, noting that many people in India keep "
            "a phone for three years or more.",
            Facts(
                "What to check before buying",
                (
                    "How many years of security updates are promised",
                    "Whether major Android upgrades are included",
                    "How quickly past updates were delivered",
                ),
            ),
        ),
    ),
    StorySpec(
        section="tech",
        headline="Small satellite start-up completes first in-orbit test",
        dek="The company says its shoebox-sized satellite has sent back images and passed "
        "its power checks after a month in orbit.",
        place="Hyderabad",
        tags=("Space", "Startups"),
        agency="press-trust-of-india",
        hours_ago=300,
        body=(
            "A Hyderabad space start-up said its first satellite had completed a month of "
            "tests in low Earth orbit, including sending back images and testing its "
            "batteries through repeated eclipses.",
            "The company plans a small constellation for monitoring crops and floods.",
            Picture(
                "Engineers in clean-room suits inspect a small cube-shaped satellite",
                "The satellite was assembled and tested in Hyderabad.",
            ),
        ),
    ),
)

HEALTH_STORIES = (
    StorySpec(
        section="health",
        headline="Dengue cases rise in late season as rain lingers",
        dek="Hospitals in several cities report more admissions than usual for November, "
        "and doctors urge people not to self-medicate.",
        place="Pune",
        tags=("Public Health", "Health Policy", "Monsoon"),
        authors=("kavya-iyer",),
        hours_ago=80,
        body=(
            "Late rain has extended the dengue season in parts of western and southern "
            "India, with hospitals in Pune, Hyderabad and Chennai reporting more admissions "
            "than is usual for the time of year.",
            "Doctors advise rest, fluids and paracetamol for fever, and warn against "
            "painkillers that can worsen bleeding.",
            Facts(
                "When to see a doctor",
                (
                    "Fever lasting more than two days",
                    "Severe abdominal pain or persistent vomiting",
                    "Bleeding gums or unusual tiredness",
                ),
            ),
            "Municipal teams have stepped up checks for standing water at construction sites.",
        ),
    ),
    StorySpec(
        section="health",
        headline="Tele-counselling line reports surge in calls from students",
        dek="Exam stress and loneliness are the most common reasons young callers give, "
        "counsellors say.",
        place="Chennai",
        tags=("Mental Health", "Public Health"),
        authors=("kavya-iyer",),
        hours_ago=130,
        body=(
            "A free tele-counselling helpline says calls from students aged 16 to 22 have "
            "nearly doubled over the past year.",
            "Counsellors say many callers simply want someone to listen, and that a single "
            "conversation can help a young person take the next step.",
            Quote(
                "The most important thing a parent can do is ask, and then listen without fixing.",
                "Dr Revathi Sundar, a clinical psychologist who trains the helpline's volunteers",
            ),
        ),
    ),
    StorySpec(
        section="health",
        headline="Districts trial text reminders to cut missed childhood vaccinations",
        dek="Parents receive a message in their own language two days before a scheduled "
        "dose; early results show fewer missed appointments.",
        place="Jaipur",
        tags=("Health Policy", "Public Health"),
        agency="press-trust-of-india",
        hours_ago=350,
        body=(
            "Health departments in several districts are sending text reminders to parents "
            "ahead of scheduled childhood vaccinations.",
            "Early figures suggest missed doses fell noticeably in the first six months.",
            "Officials plan to add voice calls for families without basic literacy.",
        ),
    ),
)

ENTERTAINMENT_STORIES = (
    StorySpec(
        section="entertainment",
        headline="Regional films dominate a crowded festival weekend at the box office",
        dek="Two Malayalam and one Marathi release outperformed bigger Hindi films in "
        "their opening weekend, trade watchers say.",
        place="Mumbai",
        tags=("Cinema", "Streaming"),
        authors=("nandini-kapoor",),
        hours_ago=96,
        body=(
            "Regional-language films had a strong festival weekend, with three releases "
            "drawing bigger audiences than expected in multiplexes outside their home states.",
            "Trade watchers credit word of mouth and subtitled shows in metro cinemas.",
            Quote(
                "Audiences are following stories, not languages.",
                "Rahul Dsouza, who programmes screens for a multiplex chain",
            ),
            Related(),
        ),
    ),
    StorySpec(
        section="entertainment",
        headline="Streaming platforms bet on short series for the commute",
        dek="Episodes of fifteen minutes or less are being commissioned for viewers who "
        "watch on phones during travel.",
        place="Mumbai",
        tags=("Streaming", "Cinema"),
        authors=("nandini-kapoor",),
        hours_ago=240,
        body=(
            "Streaming services are ordering more series with short episodes designed to be "
            "watched in one metro ride.",
            "Writers say the format rewards tight plotting but leaves little room for slow "
            "character work.",
            "Viewing data shared by one platform shows most such episodes are watched "
            "between seven and ten in the morning.",
        ),
    ),
)

PHOTO_STORIES = (
    StorySpec(
        section="photostories",
        headline="In pictures: the last boats home before the Bay of Bengal storm",
        dek="Fishing crews in Odisha and Andhra Pradesh hauled boats ashore and secured "
        "nets as a warning was issued.",
        place="Puri",
        tags=("Monsoon", "Climate"),
        authors=("ananya-rao",),
        kind="photostory",
        hours_ago=10,
        body=(
            "Along the coast, crews worked through the afternoon to pull boats beyond the "
            "high-tide line.",
            Picture(
                "Fishermen push a wooden boat up a sandy beach under a grey sky",
                "Crews pushed boats above the tide line in the afternoon.",
            ),
            Picture(
                "Nets piled in a shed with coloured floats",
                "Nets were packed away in sheds near the harbour.",
            ),
            Picture(
                "Children watch rough surf from behind a barrier",
                "The sea was rough well before the rain arrived.",
            ),
            Picture(
                "Harbour officials raise a warning signal flag",
                "A warning signal was hoisted at the harbour.",
            ),
        ),
    ),
    StorySpec(
        section="photostories",
        headline="In pictures: a winter morning at a Delhi flower market",
        dek="Before sunrise, sellers of marigolds, roses and tuberoses set up under "
        "strings of bulbs.",
        place="New Delhi",
        tags=("Inflation", "Jobs"),
        authors=("nandini-kapoor",),
        kind="photostory",
        hours_ago=180,
        body=(
            "The market opens at four and is mostly empty by eight. Sellers say prices climb "
            "every week as the wedding season approaches.",
            Picture(
                "Piles of orange marigolds under strung light bulbs",
                "Marigolds arrive from farms outside the city before dawn.",
            ),
            Picture(
                "A seller ties roses into bunches",
                "Roses are bundled by the dozen for wedding decorators.",
            ),
            Picture(
                "A tea seller pours from a kettle at a crowded stall",
                "Tea stalls do brisk business in the cold.",
            ),
        ),
    ),
)

FEATURE_STORIES = (
    *OPINION_STORIES,
    *EXPLAINER_STORIES,
    *SPORTS_STORIES,
    *TECH_STORIES,
    *HEALTH_STORIES,
    *ENTERTAINMENT_STORIES,
    *PHOTO_STORIES,
)
