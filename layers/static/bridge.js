export default function (component) {
  const { setTriggerValue, setStateValue } = component;
  // The map (in its own frame) posts {bm: "select", place, token} on a click and
  // {bm: "view", lat, lon, zoom} after a move; only messages of this page's origin count.
  if (window.bmBridge) { window.removeEventListener("message", window.bmBridge); }
  window.bmBridge = (event) => {
    const d = event.data;
    if (event.origin !== window.location.origin || !d || typeof d !== "object") { return; }
    if (d.bm === "select" && typeof d.place === "string") {
      setTriggerValue("select", { place: d.place, token: String(d.token || "") });
    } else if (d.bm === "view" && [d.lat, d.lon, d.zoom].every(Number.isFinite)) {
      setStateValue("view", { lat: d.lat, lon: d.lon, zoom: d.zoom });
    }
  };
  window.addEventListener("message", window.bmBridge);
}
