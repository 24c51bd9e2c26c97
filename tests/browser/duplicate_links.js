// The same story twice among the story cards in <main> (see conftest.duplicate_story_links).
// A card is an <article class="story"> whose title links to the story. Argument: whether a
// repeat in two different blocks counts too (not only twice in one list).
(acrossBlocks) => {
  const main = document.querySelector('main');
  if (!main) return ['no <main> element'];
  const describe = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    const heading = el.querySelector('h2, .block-heading, .rail__heading');
    const named = heading ? ` "${heading.textContent.trim().slice(0, 40)}"` : '';
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + named;
  };
  const seen = new Map();
  const problems = [];
  for (const card of main.querySelectorAll('article.story')) {
    if (card.getClientRects().length === 0) continue;  // not shown at this width
    const link = card.querySelector('.story__title a');
    if (!link) continue;
    let path = link.getAttribute('href');
    try { path = new URL(path, location.href).pathname; } catch (error) { /* about:blank */ }
    const list = card.closest('.story-list, ul, ol') || card.parentElement;
    const block = card.closest('section, aside') || list;
    for (const [otherList, otherBlock] of seen.get(path) || []) {
      if (otherList === list) problems.push(`${path} twice in ${describe(list)}`);
      else if (acrossBlocks && otherBlock !== block) {
        problems.push(`${path} in ${describe(otherBlock)} and again in ${describe(block)}`);
      }
    }
    seen.set(path, [...(seen.get(path) || []), [list, block]]);
  }
  return problems.slice(0, 5);
}
