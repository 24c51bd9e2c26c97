"""Shorter demo stories, built from an original headline, dek and opening per story plus
paragraphs, quotes and fact boxes written for each kind of section (see `patterns.py`).

Each brief is (headline, dek, place, opening paragraph, tags). All people are fictional.
"""

from __future__ import annotations

from typing import NamedTuple


class Brief(NamedTuple):
    headline: str
    dek: str
    place: str
    opening: str
    tags: tuple[str, ...]
    kind: str = "news"


BRIEFS: dict[str, tuple[Brief, ...]] = {
    "world": (
        Brief(
            "Coastal cities in West Africa adopt shared flood warning system",
            "Five port cities will pool tide and rainfall data to give residents earlier alerts.",
            "Accra",
            "Five coastal cities signed an agreement to share tide gauges and rainfall radar, "
            "so that flood alerts can reach residents by text message hours earlier.",
            ("Climate", "Infrastructure"),
        ),
        Brief(
            "Aid convoys resume on mountain road after landslide clearance",
            "Engineers reopened a single lane overnight; trucks are moving in convoys by day.",
            "Kathmandu",
            "Trucks carrying food and medicine began moving again along a mountain highway "
            "after army engineers cleared a landslide that had blocked it for nine days.",
            ("Climate", "Infrastructure"),
        ),
        Brief(
            "Gulf states sign deal to link their electricity grids further",
            "The expansion would let countries trade surplus solar power during the day.",
            "Doha",
            "Energy ministers from the Gulf signed an agreement to expand the regional "
            "interconnector, with the aim of trading daytime solar surpluses across borders.",
            ("Trade", "Climate"),
        ),
        Brief(
            "Latin American finance ministers back common rules for digital payments",
            "A joint statement calls for instant transfers to work across borders in the region.",
            "Bogotá",
            "Finance ministers from eight Latin American countries said they would work "
            "towards common standards so that instant payment systems can connect across "
            "borders.",
            ("Trade", "Startups"),
        ),
        Brief(
            "Migrant workers' remittances hit a record, survey of lenders shows",
            "Money sent home by workers abroad rose for a third year, led by South Asia.",
            "Dubai",
            "Money sent home by migrant workers reached a new high this year, according to a "
            "survey of banks and transfer companies, with the fastest growth in transfers to "
            "South Asia.",
            ("Jobs", "Trade"),
            "analysis",
        ),
        Brief(
            "Island nations press for loss-and-damage fund to start paying out",
            "Small states say agreeing the fund's rules is taking too long as storms keep coming.",
            "Port Louis",
            "Representatives of small island states said the international fund meant to "
            "help countries recover from climate disasters must begin disbursing money "
            "within the year.",
            ("Climate", "Diplomacy"),
        ),
        Brief(
            "Wheat importers lock in cargoes early as harvest forecasts dip",
            "Buyers in North Africa and the Middle East are booking shipments months ahead.",
            "Cairo",
            "State grain buyers in North Africa and the Middle East have booked wheat cargoes "
            "earlier than usual after forecasters trimmed their estimates for several major "
            "exporters.",
            ("Trade", "Inflation"),
            "analysis",
        ),
        Brief(
            "Archaeologists uncover Roman-era harbour walls off the Turkish coast",
            "Divers mapped stone blocks that once formed a breakwater for merchant ships.",
            "Izmir",
            "Underwater archaeologists mapped a long line of cut stone blocks off the Aegean "
            "coast that they believe formed the breakwater of a busy Roman-era harbour.",
            ("Heritage", "Trade"),
        ),
        Brief(
            "Measles outbreak prompts catch-up vaccination drive in Central Asia",
            "Health workers will visit schools and markets to reach children who missed doses.",
            "Bishkek",
            "Health authorities launched a catch-up vaccination campaign after a rise in "
            "measles cases among children who missed routine doses in recent years.",
            ("Health Policy", "Public Health"),
        ),
        Brief(
            "Canada and India restart talks on a limited trade agreement",
            "Negotiators will focus first on goods, leaving services and investment for later.",
            "Ottawa",
            "Trade officials from the two countries agreed to resume talks on an early "
            "harvest agreement covering goods, after a long pause.",
            ("Trade", "Diplomacy"),
        ),
        Brief(
            "Satellite images show Antarctic sea ice slow to recover this spring",
            "Researchers say the ice extent is again well below the long-term average.",
            "Hobart",
            "Sea ice around Antarctica has grown back more slowly than usual this spring, "
            "according to researchers who track it with satellite images.",
            ("Climate", "Space"),
        ),
    ),
    "us-news": (
        Brief(
            "Midwest farmers weigh soybean plans as export orders shift",
            "Growers are considering more corn next season after a slow year for soybean sales.",
            "Des Moines",
            "Farmers across the Midwest are reconsidering what to plant next spring after "
            "export orders for soybeans came in below expectations this autumn.",
            ("Trade", "US Politics"),
        ),
        Brief(
            "State legislatures move to regulate AI in hiring decisions",
            "Bills in several states would require employers to disclose automated screening.",
            "Albany",
            "Lawmakers in several states have introduced bills that would oblige employers to "
            "tell job applicants when software is used to screen their applications.",
            ("AI", "Jobs"),
        ),
        Brief(
            "Gulf Coast towns rebuild with raised homes after hurricane season",
            "Families are using federal grants to lift houses on pilings above flood level.",
            "Lake Charles",
            "In towns along the Gulf Coast, rebuilt houses now stand on pilings several feet "
            "above the ground as families use federal grants to raise them above flood level.",
            ("Climate", "Infrastructure"),
        ),
        Brief(
            "Transit agencies report riders returning on weekends, not weekdays",
            "Leisure trips have recovered faster than commutes on big-city subway systems.",
            "New York",
            "Weekend ridership on several large transit systems has returned to pre-pandemic "
            "levels, while weekday commuting remains lower, agency figures show.",
            ("Infrastructure", "Jobs"),
            "analysis",
        ),
        Brief(
            "Colorado River states agree on interim water-sharing plan",
            "The short-term deal cuts allocations modestly while longer talks continue.",
            "Phoenix",
            "States that share the Colorado River agreed on a short-term plan that trims "
            "water allocations while negotiations on a long-term arrangement continue.",
            ("Climate", "US Politics"),
        ),
        Brief(
            "Hospitals in rural Texas turn to telehealth for night shifts",
            "Small hospitals are connecting to specialists hundreds of miles away after dark.",
            "Lubbock",
            "Rural hospitals in West Texas have begun relying on remote specialists for "
            "overnight cover, linking emergency rooms to doctors by video.",
            ("Health Policy", "AI"),
        ),
        Brief(
            "College towns brace for housing crunch as enrolment climbs",
            "Rents near campuses have risen faster than the regional average for two years.",
            "Austin",
            "Students in several college towns are finding fewer rooms to rent as enrolment "
            "rises faster than new housing is built.",
            ("Jobs", "Inflation"),
        ),
        Brief(
            "Election offices test new ballot-tracking texts ahead of next cycle",
            "Voters who mail their ballots can get a message when it is received and counted.",
            "Atlanta",
            "County election offices are expanding a service that sends voters a text "
            "message when their mailed ballot is received and when it is counted.",
            ("Elections", "US Politics"),
        ),
        Brief(
            "Great Lakes shipping season stretched by mild autumn",
            "Freighters are moving iron ore and grain later into the year than usual.",
            "Duluth",
            "A mild autumn has kept the Great Lakes open to freighters later than usual, "
            "allowing extra shipments of iron ore and grain before the winter closure.",
            ("Trade", "Climate"),
        ),
    ),
    "asia": (
        Brief(
            "Indonesia expands free school meals to three more provinces",
            "The programme now reaches several million children and relies on local cooks.",
            "Jakarta",
            "Indonesia extended its free school meal programme to three more provinces, "
            "hiring local cooks and buying produce from nearby farms.",
            ("Health Policy", "Jobs"),
        ),
        Brief(
            "Sri Lanka tourism rebounds with more arrivals from India",
            "Hotels in the hill country report near-full bookings for the holiday season.",
            "Colombo",
            "Tourist arrivals in Sri Lanka have climbed steadily this year, with visitors from "
            "India making up the largest group, according to hotel associations.",
            ("Trade", "Jobs"),
        ),
        Brief(
            "Seoul trials four-day school week for teachers' training",
            "Schools will close one Friday a month for training, to ease teachers' workload.",
            "Seoul",
            "A group of schools in Seoul will close on one Friday a month so that teachers can "
            "attend training sessions, under a pilot run by the city's education office.",
            ("Jobs", "Mental Health"),
        ),
        Brief(
            "Vietnam's coffee farmers switch to drought-tolerant varieties",
            "Growers in the Central Highlands are replanting after two dry years.",
            "Buon Ma Thuot",
            "Coffee growers in Vietnam's Central Highlands are replacing old trees with "
            "varieties that cope better with dry spells, after two years of poor rain.",
            ("Climate", "Trade"),
        ),
        Brief(
            "Nepal opens new border trade point with India",
            "Officials say the crossing will cut travel times for goods lorries by half a day.",
            "Birgunj",
            "A new integrated check post opened on the Nepal–India border, with officials "
            "promising faster clearance for goods lorries.",
            ("Trade", "Diplomacy"),
        ),
        Brief(
            "Philippines schools shift timetables to avoid afternoon heat",
            "Classes will start earlier and end by lunchtime in the hottest months.",
            "Manila",
            "Schools in the Philippines will start classes earlier and finish by early "
            "afternoon during the hottest months, the education department said.",
            ("Climate", "Health Policy"),
        ),
        Brief(
            "Central Asian rail corridor carries record container volumes",
            "More freight between China and Europe is moving overland as sea routes lengthen.",
            "Almaty",
            "Container traffic on the rail corridor linking China with Europe through Central "
            "Asia reached a record this year, operators said.",
            ("Trade", "Diplomacy"),
            "analysis",
        ),
    ),
    "europe": (
        Brief(
            "Dutch cities add bike parking beneath canals and stations",
            "Underground garages for thousands of bicycles are opening to ease crowded pavements.",
            "Utrecht",
            "Cities in the Netherlands are opening underground garages for bicycles near "
            "stations, some of them built beneath canals, to clear crowded pavements.",
            ("Infrastructure", "Climate"),
        ),
        Brief(
            "Spain's olive growers count the cost of another hot summer",
            "Harvest estimates are below average, and prices at the shop are likely to stay high.",
            "Jaén",
            "Olive growers in southern Spain expect a below-average harvest after another "
            "summer of high temperatures, farm associations said.",
            ("Climate", "Inflation", "Trade"),
        ),
        Brief(
            "Nordic countries plan joint purchase of firefighting aircraft",
            "Sharing planes would help countries whose fire seasons are growing longer.",
            "Oslo",
            "Nordic governments said they would buy firefighting aircraft together and share "
            "them during the summer, as wildfires become more common in the region.",
            ("Climate", "Diplomacy"),
        ),
        Brief(
            "Polish start-ups draw record venture funding",
            "Software and logistics firms led the deals in a year of slower funding elsewhere.",
            "Warsaw",
            "Start-ups in Poland raised more venture capital this year than ever before, "
            "bucking a slowdown elsewhere in Europe.",
            ("Startups", "Jobs"),
            "analysis",
        ),
        Brief(
            "Irish housing agency speeds up modular home building",
            "Factory-built homes are being assembled on site in weeks rather than months.",
            "Dublin",
            "Ireland's housing agency is ordering more factory-built homes, which can be "
            "assembled on site in a few weeks, to meet its building targets.",
            ("Infrastructure", "Jobs"),
        ),
        Brief(
            "Venice extends day-tripper fee to more weekends",
            "City officials say the charge has thinned crowds on the busiest days.",
            "Venice",
            "Venice will charge day visitors an entry fee on more weekends next year, after "
            "officials said the scheme had eased crowding on peak days.",
            ("Heritage", "Infrastructure"),
        ),
        Brief(
            "Greek islands invest in desalination ahead of summer",
            "Solar-powered plants will supply water to villages that now rely on tankers.",
            "Athens",
            "Several Greek islands are installing small solar-powered desalination plants so "
            "villages no longer depend on water tankers in the summer.",
            ("Climate", "Infrastructure"),
        ),
        Brief(
            "German carmakers cut shifts as electric demand wobbles",
            "Plants will run fewer night shifts until orders pick up, unions say.",
            "Stuttgart",
            "Carmakers in southern Germany will reduce night shifts at several plants over "
            "the winter as orders for electric models grow more slowly than planned.",
            ("Jobs", "Trade"),
        ),
    ),
    "india": (
        Brief(
            "Kerala expands ferry network with solar-powered boats",
            "New boats on backwater routes cut fuel costs and noise, officials say.",
            "Kochi",
            "Kerala will add more solar-powered ferries on backwater routes, after the first "
            "boats carried passengers for a year with lower running costs.",
            ("Climate", "Infrastructure"),
        ),
        Brief(
            "Assam tea gardens report better yields after steady rain",
            "Planters say the season's output is up, though prices at auction are flat.",
            "Guwahati",
            "Tea gardens in Assam say output this season is higher than last year, helped by "
            "steady rain, though prices at the auction centre have barely moved.",
            ("Monsoon", "Trade"),
        ),
        Brief(
            "Mumbai's coastal road sees heavy weekend traffic as new stretch opens",
            "Commuters report shorter journeys, but exits at the northern end are congested.",
            "Mumbai",
            "A new stretch of Mumbai's coastal road drew heavy traffic over its first "
            "weekend, with drivers reporting faster trips but queues at the northern exits.",
            ("Infrastructure", "Climate"),
        ),
        Brief(
            "Himachal villages prepare for winter with new snow-clearing machines",
            "Districts have bought smaller snow blowers that can work on narrow hill roads.",
            "Shimla",
            "Hill districts in Himachal Pradesh have received small snow-clearing machines "
            "designed for narrow roads that larger equipment cannot reach.",
            ("Infrastructure", "Climate"),
        ),
    ),
    "politics": (
        Brief(
            "Parties begin seat-sharing talks ahead of Assembly elections",
            "Allies in two states want an agreement before the year ends to avoid confusion.",
            "Patna",
            "Allied parties in two states have begun talks on sharing seats for next year's "
            "Assembly elections, hoping to settle the matter before the end of the year.",
            ("Elections", "Parliament"),
        ),
        Brief(
            "Monsoon Session: opposition walks out over price rise debate",
            "The walkout followed a dispute over the time allotted for the discussion.",
            "New Delhi",
            "Opposition members walked out of the Lok Sabha during a debate on rising prices, "
            "saying they had not been given enough time to speak.",
            ("Monsoon Session", "Parliament", "Inflation"),
        ),
        Brief(
            "Monsoon Session: bill on inland waterways clears both Houses",
            "The law sets up a single authority to license cargo terminals on rivers.",
            "New Delhi",
            "A bill creating a single licensing authority for river cargo terminals was "
            "passed by the Rajya Sabha, having cleared the Lok Sabha earlier in the week.",
            ("Monsoon Session", "Parliament", "Infrastructure"),
        ),
        Brief(
            "Municipal polls in Maharashtra set for the new year",
            "The schedule ends a long wait for elected councils in several cities.",
            "Mumbai",
            "Elections to municipal bodies in Maharashtra will be held early next year, "
            "ending a long period in which several cities were run by administrators.",
            ("Elections", "Infrastructure"),
        ),
    ),
    "opinion": (
        Brief(
            "The quiet success of India's payment rails deserves a second act",
            "Instant payments changed how we shop. Small-business credit could be next.",
            "Mumbai",
            "Few public systems have changed daily life as fast as instant payments. The "
            "question now is whether the same rails can bring cheap credit to small shops.",
            ("Startups", "Markets"),
            "opinion",
        ),
        Brief(
            "Heat action plans must reach the people who work outdoors",
            "Cool shelters and shifted hours matter more to a labourer than a warning on the news.",
            "Ahmedabad",
            "Every summer, city heat plans issue warnings. But the people most at risk, those "
            "who build, carry and sell outdoors, rarely get the shade or the rest they need.",
            ("Climate", "Health Policy"),
            "opinion",
        ),
        Brief(
            "Streaming has made us patient viewers again",
            "Long, slow series are finding audiences that multiplexes had written off.",
            "Mumbai",
            "It was supposed to be the age of the short attention span. Instead, some of the "
            "most-watched shows of the year are slow, patient and long.",
            ("Streaming", "Cinema"),
            "opinion",
        ),
    ),
    "explainers": (
        Brief(
            "Explained: what the repo rate is and how it reaches your loan",
            "When the central bank changes its key rate, your EMI follows, but not always at once.",
            "Mumbai",
            "The repo rate is the rate at which the central bank lends to commercial banks. "
            "Changes to it feed into the rates banks charge on loans over the following months.",
            ("Markets", "Inflation"),
            "explainer",
        ),
        Brief(
            "Explained: how the Monsoon Session's timetable is set",
            "Who decides which bills are taken up, and why sessions end early.",
            "New Delhi",
            "The dates of a parliamentary session are recommended by a cabinet committee, "
            "and the business of each day is set by an advisory committee in each House.",
            ("Monsoon Session", "Parliament"),
            "explainer",
        ),
        Brief(
            "Explained: what an air quality index number actually measures",
            "The single figure on your phone combines several pollutants; here is how to read it.",
            "New Delhi",
            "The air quality index reported by apps and display boards is calculated from "
            "several pollutants, and the number shown reflects the worst of them.",
            ("Climate", "Health Policy"),
            "explainer",
        ),
    ),
    "sports": (
        Brief(
            "Badminton: young doubles pair reach first Super 500 final",
            "The unseeded Indian pair beat the second seeds in three games.",
            "Kumamoto",
            "An unseeded Indian men's doubles pair reached their first final at the Super 500 "
            "level with a three-game win over the second seeds.",
            ("Olympics", "Team India"),
        ),
        Brief(
            "Hockey India names young squad for the Pro League's European leg",
            "Five uncapped players are included as coaches look ahead to the next cycle.",
            "Bhubaneswar",
            "The national men's hockey squad for the European leg of the Pro League includes "
            "five uncapped players, a sign that coaches are planning for the next cycle.",
            ("Olympics", "Team India"),
        ),
    ),
    "cricket": (
        Brief(
            "Test squad selection: pace depth the main question before overseas tour",
            "Selectors must choose between experience and form for the third seamer's spot.",
            "Mumbai",
            "Selectors meet this week to pick the Test squad for the overseas tour, and the "
            "choice of a third fast bowler is expected to take the most time.",
            ("Cricket", "Team India"),
            "analysis",
        ),
        Brief(
            "Domestic T20: Karnataka chase down 190 with an over to spare",
            "A 38-ball century from the opener set up the win on a flat pitch.",
            "Indore",
            "Karnataka chased 190 with six balls left, thanks to a 38-ball hundred from their "
            "opener in the domestic T20 competition.",
            ("Cricket", "Domestic Leagues"),
        ),
        Brief(
            "Under-19 team wins tri-series final against the hosts",
            "Spinners took seven wickets as the hosts were bowled out for 178.",
            "Colombo",
            "India's under-19 side won the tri-series, bowling the hosts out for 178 and "
            "chasing the target with four wickets in hand.",
            ("Cricket", "Team India"),
        ),
    ),
    "football": (
        Brief(
            "I-League: hill club's unbeaten run stretches to eight matches",
            "A 2-0 home win keeps the northern side at the top of the table.",
            "Shillong",
            "Two second-half goals gave the home side a 2-0 win and extended their unbeaten "
            "run to eight matches.",
            ("Football", "Domestic Leagues"),
        ),
        Brief(
            "National team coach calls up three teenagers for friendlies",
            "The camp begins next week ahead of two away matches in the Gulf.",
            "Bengaluru",
            "Three teenagers have been named in the national team's probable list for two "
            "away friendlies next month.",
            ("Football", "Team India"),
        ),
        Brief(
            "Women's league adds two clubs as grassroots interest grows",
            "Clubs from the north-east and Goa join an expanded competition next season.",
            "Panaji",
            "The national women's football league will grow by two clubs next season, "
            "with new entries from the north-east and Goa.",
            ("Football", "Domestic Leagues"),
        ),
    ),
    "tech": (
        Brief(
            "Banks roll out passkeys to replace one-time passwords",
            "Customers will confirm payments with a fingerprint or face scan on their phone.",
            "Mumbai",
            "Several large banks have started offering passkeys, which let customers confirm "
            "transactions with their phone's fingerprint or face unlock instead of an SMS code.",
            ("Cybersecurity", "Smartphones"),
        ),
        Brief(
            "Data centre boom strains power supply in Navi Mumbai",
            "Developers are asking for dedicated substations as new campuses come online.",
            "Navi Mumbai",
            "A wave of new data centres around Navi Mumbai has prompted developers to ask for "
            "dedicated substations, as demand for electricity in the area climbs.",
            ("AI", "Infrastructure"),
            "analysis",
        ),
        Brief(
            "Scam calls using cloned voices rise, police warn",
            "Fraudsters are using short clips from social media to imitate relatives.",
            "Hyderabad",
            "Police have warned of a rise in scam calls in which fraudsters imitate a "
            "relative's voice using clips taken from social media videos.",
            ("Cybersecurity", "AI"),
        ),
        Brief(
            "Open-source maps project adds thousands of village roads",
            "Volunteers traced roads from satellite images to help ambulances find their way.",
            "Bhopal",
            "Volunteers in an open-source mapping project have added thousands of village "
            "roads across central India, tracing them from satellite images.",
            ("Infrastructure", "Startups"),
        ),
        Brief(
            "Electric scooter makers add swappable batteries for delivery riders",
            "Riders can swap a flat battery in under two minutes at neighbourhood stations.",
            "Gurugram",
            "Electric scooter companies are expanding battery-swap stations for delivery "
            "riders, who say charging breaks cut into their earnings.",
            ("Startups", "Jobs"),
        ),
    ),
    "health": (
        Brief(
            "Air pollution season sends more children to clinics with coughs",
            "Paediatricians in the north advise masks outdoors and fewer early-morning walks.",
            "Lucknow",
            "Paediatric clinics in northern cities report more visits from children with "
            "coughs and wheezing as air quality worsens with the onset of winter.",
            ("Climate", "Health Policy"),
        ),
        Brief(
            "Generic medicine stores expand to railway stations",
            "Travellers can buy low-cost medicines at kiosks on major platforms.",
            "New Delhi",
            "Kiosks selling low-cost generic medicines are opening at major railway "
            "stations, officials said.",
            ("Health Policy", "Infrastructure"),
        ),
        Brief(
            "Study finds most adults with high blood pressure do not know it",
            "Screening camps in three states found undiagnosed hypertension in many participants.",
            "Thiruvananthapuram",
            "Screening camps run in three states found that most adults with high blood "
            "pressure had never been diagnosed, researchers reported.",
            ("Health Policy", "Public Health"),
        ),
        Brief(
            "Workplace wellness: companies add mental health days to leave policies",
            "Employers say short breaks reduce longer absences later.",
            "Bengaluru",
            "A growing number of companies have added mental health days to their leave "
            "policies, human-resources surveys show.",
            ("Mental Health", "Jobs"),
        ),
    ),
    "entertainment": (
        Brief(
            "Indie musicians turn to small venues as festival fees climb",
            "Bands say intimate gigs pay better and build loyal audiences.",
            "Pune",
            "Independent musicians are playing more shows in small venues and cafés, saying "
            "festival slots have become costly and crowded.",
            ("Music", "Jobs"),
        ),
        Brief(
            "Classic Hindi films return to big screens in restored prints",
            "A month-long retrospective brings digitally restored films to multiplexes.",
            "Mumbai",
            "Restored prints of classic Hindi films will play in multiplexes across the "
            "country during a month-long retrospective.",
            ("Cinema", "Heritage"),
        ),
        Brief(
            "Tamil thriller series becomes a surprise hit beyond the south",
            "Subtitled viewers in the north and overseas pushed it to the top of streaming charts.",
            "Chennai",
            "A Tamil-language thriller series has become one of the most-watched shows on a "
            "streaming platform, with many viewers watching with subtitles.",
            ("Streaming", "Cinema"),
        ),
        Brief(
            "Folk singers from Rajasthan headline a winter music festival",
            "The festival pairs traditional musicians with electronic producers.",
            "Jodhpur",
            "Folk musicians from western Rajasthan will headline a winter festival that pairs "
            "them with electronic producers for new collaborations.",
            ("Music", "Heritage"),
        ),
        Brief(
            "Animation studios in Hyderabad hire for international projects",
            "Studios say overseas work is keeping them busy despite a slower domestic market.",
            "Hyderabad",
            "Animation and visual-effects studios in Hyderabad are hiring artists for "
            "international film and series projects.",
            ("Cinema", "Jobs"),
        ),
    ),
    "business": (
        Brief(
            "Budget 2025: exporters seek cheaper credit to ride out freight costs",
            "Export councils want interest support extended as shipping times lengthen.",
            "Chennai",
            "Export promotion councils have asked for the interest support scheme for "
            "exporters to be extended in the Budget, citing longer shipping times.",
            ("Budget 2025", "Trade"),
        ),
    ),
    "markets": (
        Brief(
            "Small-cap stocks slip as investors book profits",
            "The broader market lagged for a third session as inflation worries resurfaced.",
            "Mumbai",
            "Small-cap and mid-cap indices fell for a third straight session as investors "
            "took profits after a strong run.",
            ("Markets", "Inflation"),
        ),
        Brief(
            "Budget 2025: market watchers look for a steady borrowing plan",
            "Bond traders say the size of government borrowing matters more than any tax change.",
            "Mumbai",
            "Bond traders say the government's borrowing plan will be the Budget number they "
            "watch most closely, more than any change to taxes.",
            ("Budget 2025", "Markets"),
            "analysis",
        ),
    ),
    "photostories": (
        Brief(
            "In pictures: Kolkata's artisans finish the season's last idols",
            "In Kumartuli's narrow lanes, clay figures dry in the winter sun.",
            "Kolkata",
            "In the potters' quarter, artisans put the final coats of paint on clay idols "
            "before they are carried out to pandals across the city.",
            ("Heritage", "Jobs"),
            "photostory",
        ),
        Brief(
            "In pictures: salt pans of the Rann as the harvest begins",
            "Families return to the white flats to rake salt through the dry months.",
            "Bhuj",
            "As the water recedes, families who work the salt pans return to rake and pile "
            "salt on the flat white ground.",
            ("Jobs", "Climate"),
            "photostory",
        ),
        Brief(
            "In pictures: a cricket-mad Sunday on Mumbai's maidans",
            "Hundreds of matches, one field: club cricket at its most crowded.",
            "Mumbai",
            "On Sunday mornings, dozens of matches share the same open grounds, with fielders "
            "from one game standing in the outfield of another.",
            ("Cricket", "Domestic Leagues"),
            "photostory",
        ),
    ),
}
