export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data) { return; }
  let root = parentElement.querySelector(".bm-reader");
  if (!root) {
    root = document.createElement("div");
    root.className = "bm-reader";
    root.setAttribute("role", "document");
    parentElement.appendChild(root);
    // The selection the excerpt panel shows (a map click reruns only the map and the
    // panel): its mentions in this brief are marked as selected.
    const follow = () => {
      const el = document.querySelector(".bm-selection");
      const id = el ? el.getAttribute("data-place") : "";
      if (root.dataset.selected === id) { return; }
      root.dataset.selected = id;
      root.querySelectorAll(".bm-mention").forEach((b) => {
        b.classList.toggle("sel", b.dataset.place === id);
      });
    };
    let queued = false;
    new MutationObserver(() => {
      if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; follow(); }); }
    }).observe(document.body, {childList: true, subtree: true, attributes: true,
                               attributeFilter: ["data-place"]});
    root.bmFollow = follow;
  }
  root.lang = data.language || "";
  // The text and the names are data, put into the page as text nodes: never parsed as HTML.
  const base = data.base || 0;  // the page's start in the brief's reading text
  const key = JSON.stringify([data.brief, base, data.text.length, data.mentions]);
  if (root.dataset.key !== key) {
    root.dataset.key = key;
    root.dataset.focus = "";
    root.dataset.selected = "";
    root.textContent = "";
    let pos = 0;
    for (const m of data.mentions) {
      const s = m.start - base, e = m.end - base;
      if (s < pos) { continue; }
      root.appendChild(document.createTextNode(data.text.slice(pos, s)));
      const b = document.createElement("button");
      b.type = "button";
      b.className = "bm-mention" + (m.selected ? " sel" : "");
      b.textContent = data.text.slice(s, e);
      b.title = m.label;
      b.dataset.place = m.place;
      b.dataset.start = String(m.start);
      b.addEventListener("click", () => {
        setTriggerValue("select", { place: m.place, brief: data.brief, start: m.start });
      });
      root.appendChild(b);
      pos = e;
    }
    root.appendChild(document.createTextNode(data.text.slice(pos)));
  }
  if (root.bmFollow) { root.bmFollow(); }
  const focus = data.focus === null || data.focus === undefined ? "" : String(data.focus);
  if (focus && root.dataset.focus !== focus) {
    root.dataset.focus = focus;
    root.querySelectorAll(".bm-mention.focus").forEach((el) => el.classList.remove("focus"));
    const el = root.querySelector('.bm-mention[data-start="' + Number(focus) + '"]');
    if (el) {
      el.classList.add("focus");
      root.scrollTop = Math.max(0, el.offsetTop - root.offsetTop - root.clientHeight / 3);
    }
  }
  // "Show in the brief": bring the reader, at the excerpt, into view (once per request).
  const scroll = String(data.scroll || 0);
  if (root.dataset.scroll === undefined) { root.dataset.scroll = scroll; }
  if (root.dataset.scroll !== scroll) {
    root.dataset.scroll = scroll;
    const el = root.querySelector(".bm-mention.focus") || root;
    requestAnimationFrame(() => el.scrollIntoView({block: "center", behavior: "smooth"}));
  }
}
