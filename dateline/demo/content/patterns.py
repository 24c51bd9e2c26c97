"""Paragraphs, quotes and fact boxes written for each kind of section, so that a brief's
opening can grow into a full story. `{place}` is replaced by the story's dateline.

All people quoted here are fictional.
"""

from .specs import Facts, Quote

# Sections that share the same building blocks.
FAMILY_OF_SECTION = {
    "world": "world",
    "us-news": "world",
    "asia": "world",
    "europe": "world",
    "india": "india",
    "politics": "politics",
    "business": "business",
    "markets": "business",
    "sports": "sports",
    "cricket": "sports",
    "football": "sports",
    "tech": "tech",
    "health": "health",
    "entertainment": "entertainment",
    "opinion": "opinion",
    "explainers": "explainers",
    "photostories": "photostories",
}

PARAGRAPHS = {
    "world": (
        "Officials in {place} said further details would be published in the coming weeks.",
        "The development is being watched closely in neighbouring countries, several of which "
        "face similar questions.",
        "Experts cautioned that it would take time to judge the full effect, and that much "
        "depends on what follows.",
        "Residents interviewed in {place} were cautiously hopeful, though many said they "
        "wanted to see lasting change.",
        "The news comes after months of discussion among local authorities, businesses and "
        "community groups.",
    ),
    "india": (
        "Officials in {place} said they were monitoring the situation and would share an "
        "update in the coming weeks.",
        "Local businesses said the change was already being felt, though it was too early to "
        "judge its full effect.",
        "Similar efforts in neighbouring states have had mixed results, experts said, largely "
        "depending on local follow-through.",
        "Residents interviewed by Dateline in {place} were broadly positive but asked for "
        "clearer information from the authorities.",
    ),
    "politics": (
        "Leaders of several parties are expected to set out their positions in the coming days.",
        "Political observers in {place} said the episode would shape the mood ahead of the "
        "next round of elections.",
        "Spokespersons on both sides issued statements through the day, each accusing the "
        "other of playing politics.",
        "The developments will be watched closely in the states that vote next year.",
    ),
    "business": (
        "Analysts in {place} said the numbers were broadly in line with expectations, though "
        "the outlook for the next quarter remains uncertain.",
        "Industry bodies said they would submit detailed proposals to the finance ministry "
        "before the end of the month.",
        "Smaller firms, which have less room to absorb higher costs, are likely to feel the "
        "effects first.",
        "Economists cautioned that a single month's figures can be misleading and that the "
        "trend over a quarter is a better guide.",
        "Company executives said they were holding back on large investments until the "
        "picture becomes clearer.",
    ),
    "sports": (
        "The coach said the squad would use the coming week to recover and work on fitness "
        "before the next fixture.",
        "Supporters in {place} turned out in large numbers, and the atmosphere was lively "
        "throughout.",
        "Selectors are expected to keep a close eye on young players who have impressed in "
        "domestic competition this season.",
        "The result leaves the team well placed, though a tough run of fixtures lies ahead.",
        "Former players said the performance showed how much the side's depth has improved "
        "over the past two seasons.",
    ),
    "tech": (
        "Industry executives in {place} said adoption has been faster than expected, "
        "particularly among younger users.",
        "Privacy advocates asked for clear rules on how personal data is collected and "
        "stored, and for independent audits.",
        "Engineers say the hardest part is not the technology itself but making it work "
        "reliably on cheaper phones and patchy networks.",
        "Regulators have said they are studying the issue and may issue guidelines next year.",
        "Smaller start-ups say they struggle to compete for talent with large firms that "
        "can offer higher salaries.",
    ),
    "health": (
        "Doctors in {place} advised people to seek medical advice early rather than wait for "
        "symptoms to worsen.",
        "Public health experts said awareness campaigns need to reach smaller towns and "
        "villages, not just cities.",
        "The health department said it would publish district-level figures every month.",
        "Researchers cautioned that the findings need to be confirmed in a larger study "
        "before firm conclusions are drawn.",
        "Community health workers will be trained to identify cases and refer them to the "
        "nearest clinic.",
    ),
    "entertainment": (
        "Industry watchers in {place} say the trend reflects how audiences now find new work: "
        "through friends and social media more than advertising.",
        "Organisers and producers say their costs have risen sharply over the past two years.",
        "Artists say they want more say over how and where their work reaches people.",
        "Ticket prices remain a sticking point for younger audiences, organisers say.",
    ),
    "opinion": (
        "None of this is beyond us. It needs attention to detail more than it needs money, "
        "and a willingness to measure what works.",
        "We have seen in {place} and elsewhere that small, steady changes outlast grand "
        "announcements.",
        "The people affected are rarely asked. Policy would be better if they were.",
        "There is a temptation to wait for a perfect solution. Waiting has its own costs, "
        "and they are paid by those with the least.",
    ),
    "explainers": (
        "Rules differ slightly from state to state, so readers should check the details "
        "with their local authority.",
        "The numbers can change from year to year, and official notifications are the final word.",
        "If you have questions we have not answered, write to us and we will add them to "
        "this guide.",
        "Much of the confusion comes from terms that sound similar but mean different "
        "things, so it helps to start with the basics.",
    ),
    "photostories": (
        "Photographs by the Dateline picture desk; the scenes were recorded over several days.",
    ),
}

QUOTES = {
    "world": (
        Quote(
            "We need predictable support, not promises that change every year.",
            "Amara Osei, a regional planning official",
        ),
        Quote(
            "People here are practical. If it works, they will use it.",
            "Lucía Herrera, who runs a community association",
        ),
        Quote(
            "It is a start, and a start is more than we had last year.",
            "Tomasz Nowak, a policy researcher",
        ),
    ),
    "india": (
        Quote(
            "We have asked for this for years. Now we want to see it on the ground.",
            "Rekha Sharma, a resident welfare association secretary",
        ),
        Quote(
            "The intention is good. The test is in the implementation.",
            "Prof. Anil Deshpande, who teaches public policy",
        ),
    ),
    "politics": (
        Quote(
            "Voters remember who turned up, not who made the loudest speech.",
            "Shalini Verma, who studies state elections at a Delhi university",
        ),
    ),
    "business": (
        Quote(
            "Cash flow, not profit, is what keeps a small firm alive.",
            "Neha Bansal, a chartered accountant who advises small businesses",
        ),
        Quote(
            "Markets dislike surprises more than they dislike bad news.",
            "Kunal Shah, a fund manager in Mumbai",
        ),
    ),
    "sports": (
        Quote(
            "We stuck to our plans even when things were not going our way.",
            "The team's captain, after the match",
        ),
        Quote(
            "The young players are hungry. That is what you want.",
            "The head coach, speaking to reporters",
        ),
    ),
    "tech": (
        Quote(
            "The best technology is the kind people stop noticing.",
            "Ishaan Verma, a product designer at a fintech firm",
        ),
        Quote(
            "Security cannot be an afterthought once millions of people rely on a service.",
            "Sana Qureshi, an independent security researcher",
        ),
    ),
    "health": (
        Quote(
            "Early diagnosis is the cheapest treatment we have.",
            "Dr Mohan Reddy, a physician at a district hospital",
        ),
        Quote(
            "People listen when the advice comes from someone they know.",
            "Sunita Devi, an accredited social health activist",
        ),
    ),
    "entertainment": (
        Quote(
            "Audiences can tell when a story is told with honesty.",
            "Kabir Malhotra, a screenwriter",
        ),
        Quote(
            "We made it for our town, and it travelled further than we imagined.",
            "Ritu Menon, a producer",
        ),
    ),
    "opinion": (),
    "explainers": (),
    "photostories": (),
}

FACTS = {
    "world": (
        Facts(
            "Key points",
            (
                "The plan has been agreed in principle",
                "Funding details are still being worked out",
                "A progress review is due next year",
            ),
        ),
    ),
    "india": (),
    "politics": (
        Facts(
            "What to watch",
            (
                "Statements from party leaders over the next few days",
                "Any change to the schedule announced by the authorities",
                "Reactions in the states that vote next",
            ),
        ),
    ),
    "business": (
        Facts(
            "At a glance",
            (
                "Demand: steady in cities, softer in rural markets",
                "Costs: freight and wages higher than last year",
                "Outlook: cautious until after the Budget",
            ),
        ),
    ),
    "sports": (),
    "tech": (
        Facts(
            "Staying safe",
            (
                "Never share one-time passwords, even with someone claiming to be your bank",
                "Keep your phone's software up to date",
                "Report suspected fraud to the national cybercrime helpline",
            ),
        ),
    ),
    "health": (
        Facts(
            "Simple precautions",
            (
                "Drink clean water and keep hydrated",
                "Do not take antibiotics without a prescription",
                "See a doctor if symptoms last more than three days",
            ),
        ),
    ),
    "entertainment": (),
    "opinion": (),
    "explainers": (
        Facts(
            "In short",
            (
                "What it is: the basic definition in plain words",
                "Who decides: the authority responsible",
                "Why it matters: the effect on your money, health or vote",
            ),
        ),
        Facts(
            "Terms to know",
            (
                "Notification: the official order that makes a rule effective",
                "Guidelines: how officials apply the rule in practice",
                "Review: the date the rule will be looked at again",
            ),
        ),
    ),
    "photostories": (),
}

PHOTO_CAPTIONS = (
    ("Work begins at first light, before the heat of the day", "Early morning work"),
    ("Hands at work, close up", "Details of the work, up close"),
    ("A wide view of the scene from a rooftop", "The scene from above"),
    ("A group pauses for tea at midday", "A short break at midday"),
    ("The last light of the evening over the scene", "Evening falls"),
)

EMBEDS = (
    (
        "https://www.youtube.com/watch?v=demo-explainer",
        "Watch: the story in two minutes",
        "A short video summary from the Dateline video desk.",
    ),
    (
        "https://x.com/dateline_demo/status/1",
        "Follow our correspondent for updates",
        "Posts from the reporter covering this story.",
    ),
    (
        "https://www.instagram.com/dateline.example/",
        "More pictures on our Instagram",
        "The Dateline picture desk's account.",
    ),
)
