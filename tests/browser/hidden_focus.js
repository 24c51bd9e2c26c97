// Focus stops that a fixed bar hides (see conftest.focus_hidden_under_fixed_bars): each
// element a keyboard reaches is focused as Tab would (the browser scrolls it into view,
// minding scroll-padding), and one wholly inside a fixed or sticky bar's box that does not
// hold it, and drawn under that bar, is named. Returns descriptions.
() => {
  const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && el.tabIndex >= 0
      && !el.disabled && !el.closest('[inert], [aria-hidden="true"]');
  };
  // The bars, found once (their boxes are read at each stop: a sticky one moves).
  const bars = [...document.querySelectorAll('body *')].filter((b) => {
    const p = getComputedStyle(b).position;
    const r = b.getBoundingClientRect();
    return (p === 'fixed' || p === 'sticky') && r.height > 0 && r.width > 0
      && r.height < window.innerHeight / 2;
  });
  const describe = (el) => (el.textContent || el.getAttribute('aria-label') || el.tagName)
    .trim().replace(/\s+/g, ' ').slice(0, 40);
  const hidden = [];
  const before = document.activeElement;
  // Where focus ends, not a frame of a smooth scroll on its way there.
  const root = document.documentElement;
  const behaviour = root.style.scrollBehavior;
  root.style.scrollBehavior = 'auto';
  for (const el of document.querySelectorAll(FOCUSABLE)) {
    if (!shown(el)) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const r = el.getBoundingClientRect();
    for (const bar of bars) {
      if (bar.contains(el)) continue;
      const q = bar.getBoundingClientRect();
      const inside = r.top >= q.top && r.bottom <= q.bottom && r.left >= q.left
        && r.right <= q.right;
      // Drawn under it, not over it (a skip link or a menu button may sit above a bar).
      const hit = inside
        && document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
      if (hit && bar.contains(hit) && !el.contains(hit)) {
        const cls = typeof bar.className === 'string' && bar.className.trim()
          ? '.' + bar.className.trim().split(/\s+/).join('.') : '';
        hidden.push(`focus on "${describe(el)}" hidden under ${bar.tagName.toLowerCase()}${cls}`);
        break;
      }
    }
  }
  root.style.scrollBehavior = behaviour;
  if (before && before.focus) before.focus();
  window.scrollTo(0, 0);
  return hidden.slice(0, 5);
}
