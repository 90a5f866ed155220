"""A Streamlit session without a browser: Streamlit's own websocket protocol (not a test).

``StreamlitClient`` speaks to ``/_stcore/stream`` as Streamlit's frontend does (Streamlit
1.67): the ``streamlit`` subprotocol, ``BackMsg.rerun_script`` with a ``ClientState``
(query string, widget states, page script hash, fragment id), and ``ForwardMsg`` back
(``new_session``, ``delta``, ``page_info_changed``, ``script_finished``). It keeps what a
benchmark needs of the page: the elements received in the current run, by kind, the widgets
by id, the fragment each element was drawn in, and the exceptions shown. It runs no
JavaScript: what a component's script would send (the map bridge's click) is sent as the
widget state the frontend would send (``bidi_trigger``).

It does not report cached message hashes, so the server always sends whole messages (a
browser that has them gets references): the server does at least the work of a browser's
first visit on every run.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import websockets
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED_OK = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)
EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


class SessionClosed(Exception):
    """The server closed the session's websocket."""


class NotShown(Exception):
    """A run ended well without what was waited for."""


@dataclass
class Element:
    """One element a run drew: its kind (the ``Element`` field), its proto, its bytes."""

    kind: str
    proto: object
    raw: bytes
    fragment_id: str


@dataclass
class Run:
    """What the current run has sent so far."""

    elements: list[Element] = field(default_factory=list)
    finished: int | None = None  # the ScriptFinishedStatus once the run ended
    early: int = 0  # runs that ended early for a rerun (st.rerun, a newer request)


class StreamlitClient:
    """One session of the app at ``url`` (``http://host:port``), driven by its protocol."""

    def __init__(self, url: str, query_string: str = "") -> None:
        self.ws_url = url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self.query_string = query_string
        self.page_script_hash = ""
        self.ws: websockets.ClientConnection | None = None
        self.run = Run()
        self.widgets: dict[str, Element] = {}  # widget id -> its latest element
        self.states: dict[str, WidgetState] = {}  # what the "browser" holds, by widget id
        self.exceptions: list[str] = []
        self.received_bytes = 0

    async def connect(self, timeout: float = 60) -> None:
        self.ws = await websockets.connect(
            self.ws_url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None,
            open_timeout=timeout,
            ping_interval=None,  # the server sends no pings; a busy server must not drop us
            compression=None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    # -- requests ---------------------------------------------------------------------------
    async def rerun(self, extra: list[WidgetState] = (), fragment_id: str = "") -> None:
        """Ask for a run with the held widget states plus ``extra`` (triggers: sent once),
        of the fragment ``fragment_id`` if given; the run's elements start afresh."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        cs.page_script_hash = self.page_script_hash
        cs.fragment_id = fragment_id
        held = {**self.states, **{w.id: w for w in extra}}
        cs.widget_states.widgets.extend(held.values())
        self.run = Run()
        await self.ws.send(msg.SerializeToString())

    def hold(self, state: WidgetState) -> None:
        """Keep a widget's value, as the frontend does, for every later run."""
        self.states[state.id] = state

    # -- responses --------------------------------------------------------------------------
    async def until(
        self, done: Callable[[Run], bool], timeout: float, settle: bool = False
    ) -> float:
        """Read the server's messages until the run has ended well with ``done(run)`` true;
        the monotonic time the run ended, or with ``settle`` the time ``done`` first held
        (the rest of the run is still read). Raises NotShown if the run ended well without
        it, TimeoutError, SessionClosed."""
        deadline = time.monotonic() + timeout
        held = None
        while True:
            if held is None and done(self.run):
                held = time.monotonic()
            if self.run.finished in FINISHED_OK:
                if held is None:
                    raise NotShown("the run ended without it")
                return held if settle else time.monotonic()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer in time")
            try:
                data = await asyncio.wait_for(self.ws.recv(), left)
            except websockets.ConnectionClosed as exc:
                raise SessionClosed(str(exc)) from exc
            except asyncio.TimeoutError:
                raise TimeoutError("no answer in time") from None
            self._take(data)

    def _take(self, data: bytes) -> None:
        self.received_bytes += len(data)
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
            self.run = Run(early=self.run.early)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "script_finished":
            if msg.script_finished == EARLY:
                self.run.early += 1
            else:
                self.run.finished = msg.script_finished
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            which = el.WhichOneof("type")
            proto = getattr(el, which)
            e = Element(which, proto, el.SerializeToString(), msg.delta.fragment_id)
            self.run.elements.append(e)
            wid = getattr(proto, "id", "")
            if wid:
                self.widgets[wid] = e
            if which == "exception":
                self.exceptions.append(f"{proto.type}: {proto.message}"[:200])

    # -- the page's widgets -----------------------------------------------------------------
    def widget(self, kind: str, key: str) -> Element | None:
        """The widget of ``kind`` the app keyed ``key`` (Streamlit ends its id with it)."""
        for wid, e in self.widgets.items():
            if e.kind == kind and wid.endswith("-" + key):
                return e
        return None


def string_array(widget_id: str, values: list[str]) -> WidgetState:
    """A multiselect's value: the options as it shows them."""
    w = WidgetState(id=widget_id)
    w.string_array_value.data.extend(values)
    return w


def bidi_trigger(component_id: str, event: str, value: object) -> WidgetState:
    """What a components.v2 component's ``setTriggerValue(event, value)`` sends: one JSON
    list of payloads on the component's trigger aggregator, whose id Streamlit derives from
    the component's (``$$STREAMLIT_INTERNAL_KEY_<id>__events``, as its frontend does)."""
    w = WidgetState(id=_make_trigger_id(component_id, "events"))
    w.json_trigger_value = json.dumps([{"event": event, "value": value}])
    return w


def bidi_state(component_id: str, value: dict) -> WidgetState:
    """What a components.v2 component's ``setStateValue`` calls leave held: its whole state
    as one JSON object on the component's id."""
    return WidgetState(id=component_id, json_value=json.dumps(value))
