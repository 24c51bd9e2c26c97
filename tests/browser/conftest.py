"""The live-server set-up every browser test here shares (instead of a copy per file)."""

from __future__ import annotations

import pytest


@pytest.fixture
def live_site(live_server):
    """A home page served by the live server, its Site pointing at the server's port (a
    live server needs committed data: tests using it run with transaction=True)."""
    from wagtail.models import Site

    from dateline.home.factories import make_home

    home = make_home()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", live_server.thread.port
    site.save()
    return home


# Layout checks run in the page: each returns a list of what is wrong (empty when fine).
# Sideways scrollers (strips, the phone's nav) and off-screen helpers may extend past the edge.
_SCROLLERS = (
    ".shorts-strip__list, .web-stories-strip__list, .main-nav__list, .trending__inner, "
    ".visually-hidden, .skip-link"
)
OVERFLOW_JS = f"""() => {{
  const SCROLLERS = '{_SCROLLERS}';
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => {{ const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > width + 1 && getComputedStyle(el).position !== 'fixed'
        && !el.closest(SCROLLERS); }})
    .slice(0, 5).map(el => el.tagName + '.' + el.className);
}}"""


def focus_stops_hidden_under_fixed_bars(page, stops: int = 80) -> list[str]:
    """Tab through the page: any focused element whose box is covered by a fixed bar."""
    hidden = []
    page.locator("body").focus()
    for _ in range(stops):
        page.keyboard.press("Tab")
        covered = page.evaluate(
            """() => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.height === 0) return null;
              const bars = [...document.querySelectorAll('body *')].filter(b =>
                getComputedStyle(b).position === 'fixed' && b.offsetParent !== undefined
                && b.getBoundingClientRect().height > 0 && !b.contains(el));
              for (const b of bars) {
                const q = b.getBoundingClientRect();
                if (r.top >= q.top && r.bottom <= q.bottom
                    && q.left <= r.left && q.right >= r.right)
                  return (el.textContent || el.tagName).trim().slice(0, 40);
              }
              return null;
            }"""
        )
        if covered:
            hidden.append(covered)
    return hidden
