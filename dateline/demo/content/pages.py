"""Evergreen pages of the demo: About, Contact, the policies and Advertise.

Each body is a list of (heading, paragraphs) parts. The text describes the demo
publication and is no legal advice for a real one.
"""

from __future__ import annotations

from typing import NamedTuple


class PageSpec(NamedTuple):
    slug: str
    title: str
    intro: str
    parts: tuple[tuple[str, tuple[str, ...]], ...]


STANDARD_PAGES = (
    PageSpec(
        "about",
        "About Dateline",
        "An independent newsroom covering India and the world, every hour of the day.",
        (
            (
                "Who we are",
                (
                    "Dateline is a digital news publication with reporters in New Delhi, "
                    "Mumbai, Bengaluru, Kolkata and Washington, and a network of contributors "
                    "across India and abroad.",
                    "We also carry copy from news agencies, always marked as such in the byline.",
                ),
            ),
            (
                "How we work",
                (
                    "Every story is read by at least one editor before publication. When we "
                    "get something wrong, we correct it openly and note the correction at "
                    "the foot of the story.",
                    "We separate news from opinion: columns and editorials are labelled, and "
                    "our reporters do not write opinion on subjects they cover.",
                ),
            ),
        ),
    ),
    PageSpec(
        "contact",
        "Contact us",
        "How to reach the newsroom, send a tip or ask for a correction.",
        (
            (
                "Newsroom",
                (
                    "Write to newsdesk@dateline.example.com. The desk is staffed around the "
                    "clock and reads every message.",
                ),
            ),
            (
                "Corrections",
                (
                    "If you have spotted an error, write to corrections@dateline.example.com "
                    "with the link to the story and what you believe is wrong.",
                ),
            ),
            (
                "Postal address",
                ("Dateline Media, 4th Floor, Example House, Connaught Place, New Delhi 110001.",),
            ),
        ),
    ),
    PageSpec(
        "privacy-policy",
        "Privacy Policy",
        "What we collect when you read Dateline, why, and the choices you have.",
        (
            (
                "What we collect",
                (
                    "When you read our site we record basic, anonymous usage information, "
                    "such as which pages are viewed, to understand what readers find useful. "
                    "If you sign up for a newsletter we keep your email address for that "
                    "purpose only.",
                ),
            ),
            (
                "What we do not do",
                (
                    "We do not sell personal data. Embedded posts from other platforms are "
                    "shown as links and do not load anything from those platforms until you "
                    "choose to follow them.",
                ),
            ),
            (
                "Your choices",
                (
                    "You can unsubscribe from any newsletter with one click, and you can ask "
                    "us to delete your email address by writing to "
                    "privacy@dateline.example.com.",
                ),
            ),
        ),
    ),
    PageSpec(
        "cookie-policy",
        "Cookie Policy",
        "The small files our site stores in your browser, and how to control them.",
        (
            (
                "Cookies we use",
                (
                    "We use a small number of cookies that are necessary for the site to work, "
                    "for example to remember that you have dismissed a notice or to keep "
                    "newsroom staff signed in.",
                ),
            ),
            (
                "Controlling cookies",
                (
                    "Your browser lets you block or delete cookies. Blocking the necessary "
                    "ones may stop some features, such as newsletter sign-up, from working.",
                ),
            ),
        ),
    ),
    PageSpec(
        "terms-of-use",
        "Terms of Use",
        "The conditions for using the Dateline website and its content.",
        (
            (
                "Using our content",
                (
                    "You may read, share links to and quote short extracts from our stories "
                    "with attribution. Republishing whole articles or photographs needs our "
                    "written permission.",
                ),
            ),
            (
                "Agency material",
                (
                    "Stories and pictures from news agencies remain the property of those "
                    "agencies and are carried under licence.",
                ),
            ),
            (
                "Changes",
                (
                    "We may update these terms from time to time; the date of the latest "
                    "version is shown at the top of this page.",
                ),
            ),
        ),
    ),
    PageSpec(
        "advertise",
        "Advertise with us",
        "Reach readers who come to Dateline for news they can rely on.",
        (
            (
                "Formats",
                (
                    "We offer display placements on section and story pages, sponsored "
                    "newsletters and branded content, which is always clearly labelled and "
                    "produced separately from the newsroom.",
                ),
            ),
            (
                "Get in touch",
                ("Write to advertise@dateline.example.com for our media kit and current rates.",),
            ),
        ),
    ),
)

SITEMAP_TITLE = "Sitemap"
SITEMAP_INTRO = "Every section, event, topic and page of Dateline in one place."

EVENTS_INDEX_TITLE = "Events"
EVENTS_INDEX_INTRO = "Special coverage of the stories that run for days and weeks."
