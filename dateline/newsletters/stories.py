"""What fills an issue: the editor's picks in order, then the newsletter's rule, less the
stories the editor left out, up to the newsletter's count. Only published stories (the one
visibility rule: `ArticlePage.objects.published()`)."""

from __future__ import annotations

from django.apps import apps

from .models import Issue, Newsletter
from .site import default_site

NEWEST = ("-published_at", "-pk")


def _articles():
    return apps.get_model("articles", "ArticlePage").objects.published()


def rule_story_ids(newsletter: Newsletter, limit: int) -> list[int]:
    """The newsletter's rule, as story ids, newest or highest first."""
    Rule = Newsletter.Rule
    if newsletter.rule == Rule.MOST_READ:
        from dateline.trending.ranking import most_read_ids

        ids = [s.pk for s in _articles().for_listing_in_order(most_read_ids(limit=limit))]
        if len(ids) < limit:  # a quiet day: topped up with the latest, as the home page is
            latest = _articles().exclude(pk__in=ids).order_by(*NEWEST)
            ids += list(latest.values_list("pk", flat=True)[: limit - len(ids)])
        return ids[:limit]
    if newsletter.rule == Rule.SECTION and newsletter.rule_section_id:
        section = newsletter.rule_section.specific
        newest = _articles().in_section(section).order_by(*NEWEST)
        return list(newest.values_list("pk", flat=True)[:limit])
    if newsletter.rule == Rule.TOP:
        site = default_site()
        home = site.root_page.specific if site else None
        if home is not None and hasattr(home, "top_stories_list"):
            return [s.pk for s in home.top_stories_list()][:limit]
    return list(_articles().order_by(*NEWEST).values_list("pk", flat=True)[:limit])


def choose_story_ids(issue: Issue) -> list[int]:
    """The ordered story ids of an issue that is not prepared yet."""
    newsletter = issue.newsletter
    limit = newsletter.story_count
    picked = [p.story_id for p in issue.picks.all()]
    removed = {r.story_id for r in issue.removals.all()}
    chosen = [pk for pk in dict.fromkeys(picked) if pk not in removed]
    if issue.use_rule and len(chosen) < limit:
        # Room for the picks' replacements: the rule may return some of them.
        for pk in rule_story_ids(newsletter, limit + len(chosen) + len(removed)):
            if pk not in removed and pk not in chosen:
                chosen.append(pk)
    published = set(_articles().filter(pk__in=chosen).values_list("pk", flat=True))
    return [pk for pk in chosen if pk in published][:limit]


def issue_stories(issue: Issue) -> list:
    """Story cards of an issue: the fixed list once prepared, else chosen now (preview)."""
    ids = issue.story_ids if issue.prepared_at else choose_story_ids(issue)
    return _articles().for_listing_in_order(ids)
