// Holes in the layout inside <main> (see conftest.blank_regions). Argument: [cell px,
// minimum height px, minimum width as a share of main's width]. Returns descriptions.
([cell, minHeight, minWidthShare]) => {
  const main = document.querySelector('main');
  if (!main) return ['no <main> element'];
  window.scrollTo(0, 0);
  const box = main.getBoundingClientRect();
  const top = box.top + window.scrollY;
  const left = box.left + window.scrollX;
  const cols = Math.ceil(box.width / cell);
  const rows = Math.ceil(box.height / cell);
  if (!cols || !rows) return [];
  const filled = Array.from({length: rows}, () => new Uint8Array(cols));
  const mark = (r) => {
    if (r.width <= 0 || r.height <= 0) return;
    const c0 = Math.max(0, Math.floor((r.left + window.scrollX - left) / cell));
    const c1 = Math.min(cols - 1, Math.floor((r.right + window.scrollX - left - 1) / cell));
    const r0 = Math.max(0, Math.floor((r.top + window.scrollY - top) / cell));
    const r1 = Math.min(rows - 1, Math.floor((r.bottom + window.scrollY - top - 1) / cell));
    for (let y = r0; y <= r1; y++) for (let x = c0; x <= c1; x++) filled[y][x] = 1;
  };
  const visible = (el) => {
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
  };
  // Lines of text, by their own boxes (a paragraph's box is as wide as its column).
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement || !visible(node.parentElement)) continue;
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) mark(r);
  }
  const DRAWN = 'img, picture, video, iframe, svg, canvas, input, textarea, select, button, hr';
  for (const el of main.querySelectorAll('*')) {
    if (!visible(el)) continue;
    if (el.matches(DRAWN) || getComputedStyle(el).backgroundImage !== 'none') {
      mark(el.getBoundingClientRect());
    }
  }
  const describe = (el) => {
    if (!el) return '?';
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls;
  };
  const needRows = Math.ceil(minHeight / cell);
  const needCols = Math.ceil((box.width * minWidthShare) / cell);
  const height = new Array(cols).fill(0);
  const found = [];
  for (let y = 0; y < rows; y++) {
    let run = 0;
    for (let x = 0; x < cols; x++) {
      height[x] = filled[y][x] ? 0 : height[x] + 1;
      run = height[x] >= needRows ? run + 1 : 0;
      if (run === needCols) {
        const x0 = x - needCols + 1;
        const y0 = y - needRows + 1;
        // The element just above the hole's top edge, so the failure points somewhere.
        const pageX = left + (x0 + needCols / 2) * cell;
        const pageY = top + y0 * cell - 4;
        window.scrollTo(0, Math.max(0, pageY - 100));
        const probe = document.elementFromPoint(pageX - window.scrollX, pageY - window.scrollY);
        found.push(
          `blank ${needCols * cell}x${needRows * cell}px or more at x=${Math.round(left + x0 * cell)}`
          + ` y=${Math.round(pageY + 4)}, under ${describe(probe)}`);
        for (let k = x0; k <= x; k++) height[k] = -1e9;  // each hole once
        run = 0;
      }
    }
  }
  window.scrollTo(0, 0);
  return found.slice(0, 5);
}
