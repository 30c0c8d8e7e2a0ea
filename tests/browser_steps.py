"""Steps shared by the browser tests: the reviewer's name, select boxes, a real mouse drag."""
from __future__ import annotations

from playwright.sync_api import Page, expect


def set_name(page: Page, name: str) -> None:
    field = page.get_by_label("Your name", exact=True)
    field.fill(name)
    field.press("Enter")
    expect(field).to_have_value(name)


def choose(page: Page, label: str, option: str, scope=None) -> None:
    """Pick an option of a st.selectbox by typing it into its search box."""
    box = (scope or page).get_by_role("combobox", name=label, exact=True)
    box.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    expect(box).to_have_value(option)


def select_text(page: Page, container, start: int, end: int) -> None:
    """Real mouse drag over code points [start, end) of the container's text (Python str offsets)."""
    r = container.evaluate("""(el, [s, e]) => {
        const u16 = (k) => [...el.textContent].slice(0, k).join('').length;
        s = u16(s); e = u16(e);
        const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); let pos = 0, n, out = {};
        while ((n = w.nextNode())) { const L = n.data.length;
          for (const [k, off] of [['s', s], ['e', e - 1]])
            if (!out[k] && off >= pos && off < pos + L) {
              const rg = document.createRange(); rg.setStart(n, off - pos); rg.setEnd(n, off - pos + 1);
              const b = rg.getBoundingClientRect(); out[k] = {x: b.x, y: b.y, w: b.width, h: b.height}; }
          pos += L; }
        return out; }""", [start, end])
    page.mouse.move(r["s"]["x"] + 1, r["s"]["y"] + r["s"]["h"] / 2)
    page.mouse.down()
    page.mouse.move(r["e"]["x"] + r["e"]["w"] - 1, r["e"]["y"] + r["e"]["h"] / 2, steps=5)
    page.mouse.up()
