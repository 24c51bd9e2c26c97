"""Articles' models, one module per concern; every name is importable from here.

- `story`: the story page, its publication rules and the month recount it triggers
- `sections`: sections and sub-sections with their listings
- `buckets`: the year and month pages stories are filed under
- `snippets`: authors and agencies
- `links`: topic links, bylines and correction notes (a story's own rows)
- `queryset`: how stories are queried (the public rule, cards, sections, topics)
- `listing_keys`: the listings a story is in and what its changes purge
- `months`: the archive's per-month summaries
"""

from .buckets import ArchiveMonthPage, ArchiveYearPage
from .links import ArticleCorrection, ArticlePageAuthor, ArticlePageTag, CorrectionKind
from .listing_keys import StoryListingKeys, StoryListings
from .months import ArticleMonth, utc_month_start
from .queryset import ArticlePageManager, ArticlePageQuerySet
from .sections import SectionPage
from .snippets import Agency, Author
from .story import ArticlePage, ArticleType, refresh_article_months, sync_tag_dates

__all__ = [
    "Agency",
    "ArchiveMonthPage",
    "ArchiveYearPage",
    "ArticleCorrection",
    "ArticleMonth",
    "ArticlePage",
    "ArticlePageAuthor",
    "ArticlePageManager",
    "ArticlePageQuerySet",
    "ArticlePageTag",
    "ArticleType",
    "Author",
    "CorrectionKind",
    "SectionPage",
    "StoryListingKeys",
    "StoryListings",
    "refresh_article_months",
    "sync_tag_dates",
    "utc_month_start",
]
