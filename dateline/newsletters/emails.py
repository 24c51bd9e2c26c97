"""The email of an issue: HTML (CSS inlined, dark-mode safe) and plain text, rendered once
per issue; each recipient's copy only swaps in their own links (preferences, unsubscribe).

Headers per RFC 8058: `List-Unsubscribe` with a mailto and an https URL, and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` (one POST to that URL, no cookie or
login, leaves the newsletter). The Message-ID is fixed per issue and subscriber, so a copy
sent again after a crash is recognisable as the same message."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import dkim_signing
from .mail_unsubscribe import mailto_subject
from .models import Issue, Newsletter, Subscriber
from .site import site_root
from .stories import issue_stories

# Stand-ins written by the templates and replaced per recipient (plain words: no escaping
# changes them).
PREFERENCES = "DATELINEPREFERENCESURL"
UNSUBSCRIBE = "DATELINEUNSUBSCRIBEURL"


def mail_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def unsubscribe_path(subscriber: Subscriber, newsletter: Newsletter) -> str:
    return reverse("newsletters:unsubscribe", args=[subscriber.token, newsletter.slug])


def preferences_path(subscriber: Subscriber) -> str:
    return reverse("newsletters:preferences", args=[subscriber.token])


@dataclass
class RenderedIssue:
    issue: Issue
    subject: str
    html: str
    text: str
    root: str  # the site's address, for each recipient's own links


def render_issue(issue: Issue, *, for_web: bool = False) -> RenderedIssue:
    """The issue's parts with the stand-ins. `for_web`: the "view in browser" page, whose
    links are the newsletter's page instead of a person's. Every link is on the site's
    canonical address (the default Site's, as feeds and sitemaps print it)."""
    root = site_root()
    context = {
        "issue": issue,
        "newsletter": issue.newsletter,
        "stories": [
            {"story": story, "url": root + (story.url or "")} for story in issue_stories(issue)
        ],
        "site_url": root,
        "web_url": root + issue.get_absolute_url(),
        "preferences_url": PREFERENCES,
        "unsubscribe_url": UNSUBSCRIBE,
        "for_web": for_web,
    }
    html = render_to_string("newsletters/email/issue.html", context)
    # keep_at_rules: the dark-mode and narrow-screen @media rules stay in <style>; the
    # rest goes onto the elements, which every mail client honours.
    html = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False).inline(html)
    text = render_to_string("newsletters/email/issue.txt", context)
    return RenderedIssue(issue, issue.title, html, text, root)


def message_for(rendered: RenderedIssue, subscriber: Subscriber) -> EmailMultiAlternatives:
    """One recipient's copy of the rendered issue."""
    newsletter = rendered.issue.newsletter
    unsubscribe = rendered.root + unsubscribe_path(subscriber, newsletter)
    preferences = rendered.root + preferences_path(subscriber)

    def personal(part: str) -> str:
        return part.replace(UNSUBSCRIBE, unsubscribe).replace(PREFERENCES, preferences)

    mailbox = settings.DATELINE_NEWSLETTER_UNSUBSCRIBE_MAILBOX or f"unsubscribe@{mail_domain()}"
    mailto = f"mailto:{mailbox}?subject={mailto_subject(subscriber, newsletter)}"
    message = dkim_signing.SignedMessage(
        subject=rendered.subject,
        body=personal(rendered.text),
        from_email=newsletter.from_email,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{mailto}>, <{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{newsletter.name} <{newsletter.slug}.{mail_domain()}>",
            "Message-ID": f"<issue-{rendered.issue.pk}.{subscriber.pk}@{mail_domain()}>",
        },
    )
    message.attach_alternative(personal(rendered.html), "text/html")
    return message


def confirmation_message(email: str, newsletters: list[Newsletter], token: str):
    """The double opt-in email: a link to a page with a button (a scanner's GET confirms
    nothing)."""
    root = site_root()
    context = {
        "newsletters": newsletters,
        "confirm_url": root + reverse("newsletters:confirm", args=[token]),
        "hours": settings.DATELINE_NEWSLETTER_CONFIRM_HOURS,
        "site_url": root,
    }
    names = ", ".join(n.name for n in newsletters)
    message = EmailMultiAlternatives(
        subject=f"Confirm your subscription: {names}",
        body=render_to_string("newsletters/email/confirm.txt", context),
        to=[email],
    )
    html = render_to_string("newsletters/email/confirm.html", context)
    message.attach_alternative(css_inline.inline(html), "text/html")
    return message
