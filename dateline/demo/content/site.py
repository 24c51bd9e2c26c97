"""The demo newsroom's sections, people, topics, events and evergreen pages. All fictional."""

from __future__ import annotations

from typing import NamedTuple

from .specs import SectionSpec

SECTIONS = (
    SectionSpec(
        "world",
        "World",
        "Reporting from every continent: diplomacy, climate, trade and the lives behind them.",
        ("#12355b", "#3d7cc9", "#f4c95d"),
        children=(
            SectionSpec(
                "us-news",
                "US News",
                "Politics, economy and everyday life across the United States.",
                ("#1b2a49", "#c0392b", "#e8eef7"),
                short_name="US",
            ),
            SectionSpec(
                "asia",
                "Asia",
                "From Tokyo to Tashkent: the region's politics, business and society.",
                ("#6b0f1a", "#e07a5f", "#f2cc8f"),
            ),
            SectionSpec(
                "europe",
                "Europe",
                "Energy, elections and the economy across the continent.",
                ("#2b2d42", "#5c7aea", "#ffd166"),
            ),
        ),
    ),
    SectionSpec(
        "india",
        "India",
        "News from every state: governance, infrastructure, weather and the people it affects.",
        ("#7a3b00", "#f18f01", "#ffffff"),
        children=(
            SectionSpec(
                "politics",
                "Politics",
                "Parliament, elections, parties and the policies they fight over.",
                ("#3d1f4f", "#9b5de5", "#f15bb5"),
            ),
        ),
    ),
    SectionSpec(
        "opinion",
        "Opinion",
        "Arguments, columns and analysis from our writers and guest contributors.",
        ("#2f2f2f", "#6d6875", "#e5989b"),
    ),
    SectionSpec(
        "explainers",
        "Explainers",
        "The background you need, in plain words: how things work and why they matter.",
        ("#004e64", "#00a5cf", "#9fffcb"),
    ),
    SectionSpec(
        "sports",
        "Sports",
        "Cricket, football and every other game India plays and watches.",
        ("#0b3d20", "#2d6a4f", "#d8f3dc"),
        children=(
            SectionSpec(
                "cricket",
                "Cricket",
                "Tests, one-dayers, T20 leagues and the domestic circuit.",
                ("#1e4d2b", "#88b04b", "#fefae0"),
            ),
            SectionSpec(
                "football",
                "Football",
                "The ISL, the I-League, the national teams and football around the world.",
                ("#14213d", "#2a9d8f", "#e9c46a"),
            ),
        ),
    ),
    SectionSpec(
        "tech",
        "Tech",
        "Gadgets, apps, start-ups and the policies that shape digital life.",
        ("#10002b", "#5a189a", "#48cae4"),
    ),
    SectionSpec(
        "health",
        "Health",
        "Medicine, public health and well-being, checked with doctors and researchers.",
        ("#005f73", "#0a9396", "#e9d8a6"),
    ),
    SectionSpec(
        "entertainment",
        "Entertainment",
        "Films, series, music and the people who make them.",
        ("#5f0f40", "#9a031e", "#fb8b24"),
    ),
    SectionSpec(
        "business",
        "Business",
        "Companies, jobs, the economy and your money.",
        ("#1d3557", "#457b9d", "#a8dadc"),
        children=(
            SectionSpec(
                "markets",
                "Markets",
                "Stocks, bonds, currencies and commodities, with the day's closing numbers.",
                ("#022b3a", "#1f7a8c", "#bfdbf7"),
            ),
        ),
    ),
    SectionSpec(
        "photostories",
        "Photostories",
        "Stories told in pictures by our photographers.",
        ("#232323", "#495057", "#ffba08"),
    ),
)

# Exactly the thirty topics the demo stories carry.
TAGS = (
    "Budget 2025",
    "Monsoon Session",
    "Parliament",
    "Elections",
    "Climate",
    "Monsoon",
    "Trade",
    "Diplomacy",
    "US Politics",
    "Domestic Leagues",
    "Cricket",
    "Football",
    "Olympics",
    "AI",
    "Startups",
    "Smartphones",
    "Cybersecurity",
    "Space",
    "Markets",
    "Team India",
    "Inflation",
    "Jobs",
    "Health Policy",
    "Public Health",
    "Mental Health",
    "Cinema",
    "Streaming",
    "Music",
    "Heritage",
    "Infrastructure",
)


class AuthorSpec(NamedTuple):
    slug: str
    name: str
    role: str
    bio: str
    x_handle: str


AUTHORS = (
    AuthorSpec(
        "ananya-rao",
        "Ananya Rao",
        "Senior World Correspondent",
        "Ananya has reported from more than thirty countries, most recently on climate "
        "diplomacy and migration. She is based in New Delhi.",
        "ananya_reports",
    ),
    AuthorSpec(
        "daniel-okafor",
        "Daniel Okafor",
        "Washington Correspondent",
        "Daniel covers American politics and cities from Washington. He previously reported "
        "on local government in Chicago.",
        "dokafor_news",
    ),
    AuthorSpec(
        "rohit-mehra",
        "Rohit Mehra",
        "Political Editor",
        "Rohit has covered Parliament and national elections for fifteen years and writes "
        "a weekly column on how laws are made.",
        "rohitmehra_pol",
    ),
    AuthorSpec(
        "farah-siddiqui",
        "Farah Siddiqui",
        "Business Editor",
        "Farah writes about the economy, small business and personal finance. She trained "
        "as a chartered accountant before turning to journalism.",
        "farah_business",
    ),
    AuthorSpec(
        "kavya-iyer",
        "Kavya Iyer",
        "Health and Science Reporter",
        "Kavya reports on public health, medicine and the weather, and checks every claim "
        "with at least two specialists.",
        "kavya_science",
    ),
    AuthorSpec(
        "arjun-bhattacharya",
        "Arjun Bhattacharya",
        "Sports Writer",
        "Arjun has followed Indian cricket and football home and away for a decade and still "
        "prefers Test matches.",
        "arjun_at_thecrease",
    ),
    AuthorSpec(
        "leah-fernandes",
        "Leah Fernandes",
        "Technology Editor",
        "Leah covers gadgets, start-ups and digital rights from Bengaluru, with a soft spot "
        "for open-source software.",
        "leah_techdesk",
    ),
    AuthorSpec(
        "nandini-kapoor",
        "Nandini Kapoor",
        "Culture Editor and Columnist",
        "Nandini writes about films, series, music and cities, and edits the weekend culture "
        "pages.",
        "nandini_culture",
    ),
)


class AgencySpec(NamedTuple):
    slug: str
    name: str
    short_name: str
    website: str
    description: str


AGENCIES = (
    AgencySpec(
        "associated-press",
        "The Associated Press",
        "AP",
        "https://apnews.com/",
        "An independent, not-for-profit news cooperative headquartered in New York, supplying "
        "text, photos and video to publishers worldwide.",
    ),
    AgencySpec(
        "reuters",
        "Reuters",
        "Reuters",
        "https://www.reuters.com/",
        "An international news agency headquartered in London, known for business, markets "
        "and world news.",
    ),
    AgencySpec(
        "press-trust-of-india",
        "Press Trust of India",
        "PTI",
        "https://www.ptinews.com/",
        "India's largest news agency, a non-profit cooperative of newspapers, with "
        "correspondents across every state.",
    ),
)


class EventSpec(NamedTuple):
    slug: str
    title: str
    intro: str
    tag: str
    lead_headline: str
    pick_headlines: tuple[str, ...]
    days_before: int  # the event started this many days before the demo runs
    days_after: int  # and ends this many days after


EVENTS = (
    EventSpec(
        "budget-2025",
        "Budget 2025",
        "Everything on the Union Budget: what industry, taxpayers and markets are asking "
        "for, how the Budget is made, and what it means for your money.",
        "Budget 2025",
        "Budget 2025: small manufacturers want faster GST refunds, not new schemes",
        (
            "Explained: how the Union Budget is made, from the first meeting to the speech",
            "Budget 2025: what salaried taxpayers are hoping for this time",
            "A Budget for the small employer would be a Budget for jobs",
        ),
        21,
        14,
    ),
    EventSpec(
        "monsoon-session-2025",
        "Monsoon Session 2025",
        "Bills, debates and walkouts: our coverage of Parliament's Monsoon Session.",
        "Monsoon Session",
        "Monsoon Session wraps up with three bills passed and two sent to committee",
        (
            "Monsoon Session: bill on inland waterways clears both Houses",
            "Explained: how a parliamentary committee examines a bill",
            "Parliament needs fewer adjournments and more committees",
        ),
        28,
        0,
    ),
)

SITE_TAGLINE = "News you can trust, from India and the world"
SITE_DOMAIN = "dateline.example.com"
NETWORK_SITES = (
    ("Dateline Hindi", "https://hindi.dateline.example.com/", "हिन्दी में ख़बरें"),
    ("Dateline Money", "https://money.example.com/", "Markets and personal finance"),
    ("Dateline Sport", "https://sport.example.com/", "Live scores and analysis"),
    ("Dateline Tech", "https://tech.example.net/", "Gadgets, apps and reviews"),
)
SOCIAL = {
    "facebook_url": "https://www.facebook.com/dateline.example",
    "x_url": "https://x.com/dateline_example",
    "instagram_url": "https://www.instagram.com/dateline.example/",
    "youtube_url": "https://www.youtube.com/@dateline-example",
    "whatsapp_url": "https://whatsapp.com/channel/dateline-example",
}
NEWSLETTER_HEADING = "The Dateline Morning Brief"
NEWSLETTER_TEXT = (
    "Five stories worth your time, with the context behind them, in your inbox at seven "
    "every morning."
)
