export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data) { return; }
  let root = parentElement.querySelector(".bm-excerpts");
  if (!root) {
    root = document.createElement("div");
    root.className = "bm-excerpts";
    parentElement.appendChild(root);
  }
  const key = JSON.stringify(data);
  if (root.dataset.key === key) { return; }
  root.dataset.key = key;
  root.textContent = "";
  root.scrollTop = 0;
  for (const c of data.cards) {
    // The card is escaped HTML made by the page (excerpt_card), as st.html would show it.
    const holder = document.createElement("div");
    holder.innerHTML = c.html;
    root.appendChild(holder);
    const b = document.createElement("button");
    b.type = "button";
    b.className = "bm-open";
    b.textContent = data.label;
    b.addEventListener("click", () => {
      setTriggerValue("open", { place: c.place, brief: c.brief, start: c.start });
    });
    root.appendChild(b);
  }
}
