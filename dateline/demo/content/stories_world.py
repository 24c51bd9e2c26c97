"""Hand-written demo stories for World and its sub-sections. All people are fictional."""

from .specs import Embed, Facts, Picture, Quote, Related, StorySpec

WORLD_STORIES = (
    StorySpec(
        section="world",
        headline="Storm-hit Pacific islands ask donors for cash, not containers",
        dek="Island governments say warehouses are full of goods they did not order, while "
        "fishing crews wait for money to repair boats.",
        place="Suva",
        tags=("Climate", "Diplomacy"),
        authors=("ananya-rao",),
        hours_ago=3,
        updated_after_hours=2,
        body=(
            "Three weeks after a cyclone tore through the outer islands, relief officials in "
            "Suva say the biggest problem is no longer a shortage of supplies but a surplus "
            "of the wrong ones. Shipping containers of bottled water and winter clothing sit "
            "at the port while villages ask for roofing iron and outboard motors.",
            "A joint appeal issued on Tuesday by four island governments asks donor countries "
            "to send direct cash transfers, which local councils can spend with shops that "
            "are already reopening.",
            Quote(
                "Every container we cannot use costs us a week of handling. A transfer reaches "
                "a family the same afternoon.",
                "Salote Vunivalu, a coordinator with a regional relief network",
            ),
            "Aid groups have long argued for cash over goods after disasters, pointing to "
            "faster recovery of local markets. The appeal also asks that any goods sent be "
            "listed in a shared register before they are shipped.",
            Facts(
                "What the islands are asking for",
                (
                    "Direct cash transfers to registered households",
                    "Roofing material, boat engines and water tanks",
                    "A shared register for all in-kind donations",
                ),
            ),
        ),
    ),
    StorySpec(
        section="world",
        headline="Shipping lines reroute again as insurers raise war-risk premiums",
        dek="Higher cover costs on a key sea lane add days to Asia–Europe voyages and could "
        "feed through to freight rates before the festive season.",
        place="Singapore",
        tags=("Trade", "Markets"),
        agency="reuters",
        hours_ago=9,
        kind="analysis",
        body=(
            "Several of the world's largest container lines told customers this week that "
            "they would send ships around the Cape of Good Hope rather than pay sharply "
            "higher war-risk premiums on the shorter route, according to notices seen by "
            "freight forwarders in Singapore.",
            "The detour adds between ten and fourteen days to a typical voyage between "
            "East Asia and northern Europe and burns considerably more fuel.",
            "Exporters in India and South-East Asia say the timing is awkward: orders for "
            "year-end retail are at their peak, and spare container capacity is thin.",
            Quote(
                "We can absorb a week. Two weeks means our buyers start looking elsewhere.",
                "Harish Menon, a garment exporter in Tiruppur",
            ),
            "Analysts expect spot freight rates to rise for at least a month, though longer "
            "contracts signed earlier in the year should cushion larger shippers.",
            Related(),
        ),
    ),
    StorySpec(
        section="world",
        headline="UN talks on plastic treaty end without deal, to resume next year",
        dek="Negotiators agreed on a draft structure but not on limits for new plastic "
        "production, the question that has divided them from the start.",
        place="Geneva",
        tags=("Climate", "Diplomacy"),
        agency="associated-press",
        hours_ago=52,
        body=(
            "A week of negotiations on a global treaty to curb plastic pollution closed "
            "late on Friday without agreement on the central question of whether to cap the "
            "production of new plastic.",
            "Delegates said the talks had produced a cleaner draft text, with fewer brackets "
            "marking disputed language, and a shared list of chemicals of concern.",
            "Countries with large petrochemical industries argued the treaty should focus on "
            "waste collection and recycling, while a coalition of coastal and island nations "
            "held out for production limits.",
            Picture(
                "Delegates leave a conference hall at the end of a late session",
                "The closing session ran past midnight, delegates said.",
            ),
            "The chair said a further round would be scheduled in the first half of next "
            "year. Campaigners called the outcome a missed opportunity but welcomed the "
            "progress on chemicals.",
        ),
    ),
    StorySpec(
        section="world",
        headline="Drought lowers river traffic on a vital African trade route",
        dek="Barges are sailing half-loaded as water levels fall, pushing more cargo onto "
        "roads that were not built for it.",
        place="Kinshasa",
        tags=("Climate", "Trade"),
        agency="associated-press",
        hours_ago=140,
        body=(
            "Months of below-average rainfall have left long stretches of the river too "
            "shallow for fully loaded barges, operators said, forcing them to split cargoes "
            "and make more trips.",
            "Traders say the cost of moving maize and cement upriver has risen by about a "
            "third since the start of the dry spell.",
            "Transport officials have asked for dredging equipment to keep the main channel "
            "open and are encouraging convoys to travel in daylight only.",
            Quote(
                "The river is our highway. When it goes down, everything costs more.",
                "Jean-Paul Mbala, who runs a fleet of four barges",
            ),
        ),
    ),
    StorySpec(
        section="us-news",
        headline="Cities race to fix winter shelters before the first hard freeze",
        dek="Municipal budgets are stretched after a busy summer, and several northern cities "
        "say they will need church halls and libraries to cover the gap.",
        place="Chicago",
        tags=("US Politics", "Infrastructure"),
        authors=("daniel-okafor",),
        hours_ago=6,
        body=(
            "With overnight temperatures forecast to fall below freezing within days, city "
            "officials across the Midwest are hurrying to reopen winter shelters that closed "
            "for repairs over the summer.",
            "In Chicago, the city says two of its largest sites will open late because boiler "
            "replacements took longer than planned. Volunteers have offered space in "
            "libraries and parish halls as overflow.",
            Quote(
                "We would rather open a warm room with folding chairs than turn anyone away.",
                "Maria Delgado, who coordinates a volunteer network on the South Side",
            ),
            "Advocates say the shortfall reflects a broader squeeze on city budgets after "
            "pandemic-era federal support ran out.",
            Related(),
        ),
    ),
    StorySpec(
        section="us-news",
        headline="Wildfire-smoke alerts push schools to rethink outdoor recess",
        dek="Districts on the West Coast are installing air monitors in playgrounds and "
        "writing rules for when children stay indoors.",
        place="Sacramento",
        tags=("Climate", "Health Policy"),
        agency="associated-press",
        hours_ago=60,
        body=(
            "School districts in California and Oregon are adding low-cost air quality "
            "sensors to playgrounds after a season in which smoke alerts were issued on more "
            "than forty school days in some counties.",
            "The sensors feed a simple traffic-light display in staff rooms: green for "
            "normal recess, amber for shorter outdoor time, red for indoor play.",
            "Paediatricians welcomed the move but said schools also needed better filtration "
            "indoors, where many older buildings leak smoke through windows and vents.",
            Facts(
                "How the alerts work",
                (
                    "Sensors report fine-particle levels every ten minutes",
                    "Amber means recess is cut to fifteen minutes",
                    "Red moves all activity indoors and closes windows",
                ),
            ),
        ),
    ),
    StorySpec(
        section="us-news",
        headline="Rail union and freight carriers reach tentative deal on rest days",
        dek="The agreement, still subject to a member vote, would guarantee scheduled days "
        "off for crews who currently work on call.",
        place="Washington",
        tags=("US Politics", "Jobs"),
        agency="reuters",
        hours_ago=200,
        updated_after_hours=5,
        body=(
            "A union representing thousands of freight rail workers said it had reached a "
            "tentative agreement with three major carriers that would give crews predictable "
            "days off for the first time in years.",
            "Under the deal, crews would know their rest days at least two weeks in advance "
            "and could swap shifts through an app rather than by phone.",
            "Members will vote over the next month. Shippers who had warned of disruption "
            "welcomed the news.",
        ),
    ),
    StorySpec(
        section="asia",
        headline="Mekong countries agree to share dam release data in real time",
        dek="Downstream farmers and fishers have long complained of sudden changes in water "
        "levels; the new arrangement promises alerts within hours.",
        place="Vientiane",
        tags=("Climate", "Diplomacy"),
        authors=("ananya-rao",),
        hours_ago=15,
        body=(
            "Governments along the Mekong have agreed to publish the release schedules of "
            "major dams on a shared dashboard, officials said at the close of a two-day "
            "meeting in the Laotian capital.",
            "The agreement covers planned releases and emergency discharges, which "
            "downstream communities say have caught them unprepared in past seasons.",
            Quote(
                "If we know two days ahead, we move the nets. If we do not, we lose them.",
                "Somchai Keovilay, a fisherman from a village near Pakse",
            ),
            "Environmental groups said the move was welcome but that the dashboard would "
            "matter only if it was updated promptly and included smaller dams on tributaries.",
            Embed(
                "https://www.example.com/mekong-water-levels",
                "River level charts for the lower Mekong",
                "A public dashboard of daily water levels at monitoring stations.",
            ),
        ),
    ),
    StorySpec(
        section="asia",
        headline="Dhaka's garment workers win higher night-shift allowance",
        dek="The agreement with factory owners follows weeks of talks and covers more than "
        "two hundred export units.",
        place="Dhaka",
        tags=("Jobs", "Trade"),
        agency="press-trust-of-india",
        hours_ago=100,
        body=(
            "Garment factory owners in Bangladesh's capital agreed to raise the allowance "
            "paid for night shifts, ending weeks of negotiations with worker representatives.",
            "The increase applies to shifts that run past ten in the evening, which became "
            "common this year as factories rushed orders for European retailers.",
            "Labour groups said enforcement would be the real test and called for monthly "
            "inspections.",
        ),
    ),
    StorySpec(
        section="asia",
        headline="Tokyo tests driverless buses on late-night routes",
        dek="A six-month trial will run small electric buses between stations after the last "
        "trains, with a safety operator on board at first.",
        place="Tokyo",
        tags=("AI", "Infrastructure"),
        agency="associated-press",
        hours_ago=260,
        body=(
            "Two districts in Tokyo began testing driverless electric buses on routes that "
            "connect train stations after regular services end for the night.",
            "The buses carry up to twelve passengers and travel at no more than twenty "
            "kilometres an hour. A safety operator will ride along for the first three months.",
            "City planners hope the service can help shift workers who now rely on costly "
            "taxis to get home.",
            Picture(
                "A small white electric bus waits at an empty station forecourt at night",
                "The trial buses run between midnight and five in the morning.",
            ),
        ),
    ),
    StorySpec(
        section="europe",
        headline="European grid operators plan winter drills for cross-border blackouts",
        dek="The exercises will test how quickly neighbouring countries can share power if a "
        "major interconnector fails during a cold snap.",
        place="Brussels",
        tags=("Infrastructure", "Climate"),
        agency="reuters",
        hours_ago=56,
        body=(
            "Electricity grid operators from a dozen European countries will run coordinated "
            "drills next month to rehearse their response to a large cross-border outage, "
            "their association said on Wednesday.",
            "The exercises will simulate the loss of a major interconnector during peak "
            "winter demand and test how quickly reserves can be shifted between countries.",
            Quote(
                "We practise for the day we hope never comes, so that it is boring if it does.",
                "Ingrid Halvorsen, a control-room manager taking part in the drills",
            ),
            "Officials stressed that gas storage levels were comfortable and that the drills "
            "were routine rather than a response to any specific threat.",
        ),
    ),
    StorySpec(
        section="europe",
        headline="Night trains return to three routes across the Alps",
        dek="Rail operators are betting that travellers tired of airport queues will pay for "
        "a sleeper berth and arrive in the city centre.",
        place="Vienna",
        tags=("Climate", "Infrastructure"),
        authors=("ananya-rao",),
        hours_ago=320,
        body=(
            "Sleeper services linking Vienna, Zurich and northern Italy will resume next "
            "month after several years' absence, with new carriages that include small "
            "private cabins.",
            "Operators say advance bookings have been strong on weekends, though midweek "
            "demand remains uncertain.",
            Picture(
                "A row of sleeper carriages at a platform under evening lights",
                "New carriages include two-berth cabins with their own washbasin.",
            ),
            "Rail advocates have pushed for more overnight routes as a lower-emission "
            "alternative to short flights.",
            Related(),
        ),
    ),
)
