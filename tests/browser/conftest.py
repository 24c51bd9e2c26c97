"""Checks every browser test here shares (the live site itself is the root conftest's
`live_site`)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

# Layout checks run in the page: each returns a list of what is wrong (empty when fine).
# Sideways scrollers (strips, the phone's nav) and off-screen helpers may extend past the edge.
_SCROLLERS = (
    ".shorts-strip__list, .web-stories-strip__list, .main-nav__list, .trending__inner, "
    ".visually-hidden, .skip-link"
)
# So may anything inside a box that clips or scrolls sideways (a wide table in a scroller).
OVERFLOW_JS = f"""() => {{
  const SCROLLERS = '{_SCROLLERS}';
  const width = document.documentElement.clientWidth;
  const contained = (el) => {{
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {{
      if (getComputedStyle(box).overflowX !== 'visible'
          && box.getBoundingClientRect().right <= width + 1) return true;
    }}
    return false;
  }};
  return [...document.querySelectorAll('body *')]
    .filter(el => {{ const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > width + 1 && getComputedStyle(el).position !== 'fixed'
        && !el.closest(SCROLLERS) && !contained(el); }})
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


# In-page checks (JavaScript beside this file), each returning what is wrong (empty when fine).
_CHECKS = Path(__file__).resolve().parent


def blank_regions(page, *, cell: int = 20, min_height: int = 320, min_width_share: float = 0.5):
    """Holes in the layout inside <main>: what is drawn there (lines of text, pictures,
    players, form fields, patterned boxes such as ad slots) is laid on a grid of `cell` px
    squares, and an empty rectangle at least `min_height` px tall and `min_width_share` of
    main's width wide is reported with the element just above it. The margins between
    blocks are far lower than that, and the share is wider than a desktop rail column with
    its gutter and the page's margin (the 576 px beside a 44rem story at 1280), which may
    run out beside a long story by design; a story column left empty is wider (736 px)."""
    script = (_CHECKS / "blank_regions.js").read_text()
    return page.evaluate(script, [cell, min_height, min_width_share])


def duplicate_story_links(page, *, across_blocks: bool = False) -> list[str]:
    """The same story twice in one list of story cards inside <main> (or, `across_blocks`,
    in two blocks of the page): each repeat names its path and the lists it is in."""
    return page.evaluate((_CHECKS / "duplicate_links.js").read_text(), across_blocks)


def focus_hidden_under_fixed_bars(page) -> list[str]:
    """Every element a keyboard reaches, focused in turn as Tab would (scrolled into view
    with the page's scroll-padding): those wholly under a fixed or sticky bar they are not
    part of (WCAG 2.2 "focus not obscured"). One pass in the page, fast enough for every
    page type; `focus_stops_hidden_under_fixed_bars` presses Tab itself, for a few pages."""
    return page.evaluate((_CHECKS / "hidden_focus.js").read_text())


def load_lazy_pictures(page) -> None:
    """Scroll to the bottom and back so lazy pictures are fetched before a screenshot."""
    page.evaluate(
        """async () => {
          for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
            window.scrollTo(0, y); await new Promise(r => requestAnimationFrame(r));
          }
          window.scrollTo(0, 0);
          await Promise.all([...document.images].filter(i => !i.complete).map(
            i => new Promise(r => { i.onload = i.onerror = r; setTimeout(r, 10000); })));
        }"""
    )


def refuse_other_hosts(page, live_server) -> list[str]:
    """Refuse every request to another host (pages load nothing from elsewhere); the list
    fills with what was refused, for the test to assert empty."""
    host = urlsplit(live_server.url).hostname
    refused: list[str] = []

    def route(route):
        if urlsplit(route.request.url).hostname in {host, "localhost", "127.0.0.1"}:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return refused
