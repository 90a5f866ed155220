"""Interface strings in English and Polish, and names of places and countries in either.

The interface follows the reader's choice; excerpts and brief texts are always shown in the
brief's own language. ``t(key, lang, **values)`` formats a string (values are inserted as
given: escape them where the result becomes HTML). ``count(n, noun, lang)`` picks the Polish
plural form (1 wzmianka, 2–4 wzmianki, 5+ wzmianek).

One piece although it is long: it is a table of strings, each key beside its translation,
and a reader looks a key up rather than reads it through.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from briefmap.i18n_pages import PAGE_STRINGS

LANGUAGES = ("en", "pl")
LANGUAGE_NAMES = {"en": "English", "pl": "Polski"}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "page_title": "briefmap",
        "tagline": "Places the briefs talk about, each linked to the words that put it there.",
        "language": "Language",
        "filters": "Filters",
        "themes": "Themes",
        "briefs": "Briefs",
        "publishers": "Publishers",
        "countries": "Countries",
        "precision": "Geo-precision",
        "event_dates": "Event dates (dated excerpts only)",
        "published_dates": "Publication dates",
        "search": "Search the excerpts",
        "search_help": "Words or word beginnings; every word must occur in the excerpt.",
        "reset": "Clear filters",
        "choose": "All (choose to narrow)",
        "n_mentions": "Mentions",
        "n_places": "Places",
        "n_briefs": "Briefs",
        "map": "Map",
        "panel": "Excerpts",
        "place": "Place",
        "no_place": "— choose a place, or click one on the map —",
        "place_option": "{name} ({n})",
        "no_selection": "Click a marker or area on the map, a highlighted name in the brief "
        "reader, or choose a place above: its excerpts appear here.",
        "places_here": "Places under these filters",
        "not_drawn": "not drawn on the map: {precision}-level",
        "no_excerpts": "No excerpt about {name} matches these filters.",
        "showing_first": "Showing the first {shown} of {total} excerpts.",
        "show_more": "Show more",
        "link_name": "named",
        "link_cue": "linked by cue words",
        "evidence": "evidence",
        "offsets_label": "characters {start}–{end} of the reading text, "
        "{orig_start}–{orig_end} of the file {file}",
        "themes_label": "themes",
        "dates_label": "dates",
        "show_in_reader": "Show in the brief",
        "reader": "Brief reader",
        "timeline": "When: mentions by the month of the date their excerpt names",
        "no_dates": "No excerpt under these filters names a date.",
        "reader_help": "Every place the brief mentions is highlighted; click one to select it "
        "on the map.",
        "brief": "Brief",
        "no_briefs": "No briefs in the store.",
        "no_store": "No corpus store at `{path}`. Build it with `make run` (which builds it "
        "before starting) or `.venv/bin/briefmap build`, then reload this page.",
        "store_error": "The corpus store at `{path}` cannot be read: {error}",
        "published": "published",
        "published_between": "published between {start} and {end}",
        "by": "by",
        "mentions": "mention|mentions",
        "excerpts": "excerpt|excerpts",
        "legend_title": "Themes (mentions)",
        "legend_heading": "Legend",
        "legend_themes": "Themes (mentions)",
        "legend_symbols": "On the map (how many)",
        "legend_other": "No theme",
        "legend_settlement": "town: slices are its themes, size its mentions",
        "legend_point": "● point or settlement",
        "legend_site": "site (a port, a base, a plant)",
        "legend_region": "region: its boundary (a dashed circle where none is known), a "
        "square of its themes",
        "legend_country": "▨ whole country",
        "legend_country_area": "country: shaded, a square of its themes",
        "legend_crossing": "border crossing, {status}",
        "legend_flow": "flow: {kind}",
        "legend_border": "state border",
        "legend_gap": "Suwałki gap",
        "layer_places": "Places the briefs name",
        "fit_all": "Show every place drawn",
        "show_everything": "Show everything",
        "first_view_back": "Back to where most mentions are",
        "edge_outside": "Outside this view:",
        "tip_region": "region-level mention: the circle shows the region's approximate extent",
        "tip_country": "country-level mention",
        "tip_country_no_outline": "country-level mention (outline not in the offline boundaries)",
        "more_in_panel": "{n} more in the panel",
        "layer_basemap": "Offline basemap (Natural Earth)",
        "layer_osm": "OpenStreetMap (online)",
        "layer_borders": "State borders and the Suwałki gap",
        "layer_crossings": "Border crossings",
        "layer_flows": "Flows described in the briefs",
        "suwalki": "Suwałki gap: the Poland–Lithuania border between Belarus and Kaliningrad "
        "Oblast, {km} km",
        "border": "Border: {a} – {b}",
        "present_view": "Present this view (briefing mode)",
        # the news of a brief (briefmap.news, pages/brief_news.py)
        "since": "Added or published since",
        "since_help": "Only briefs added to the library or published on or after this day.",
        "news_page": "News of a brief",
        "news_intro": "What a brief adds to the archive as it stood before it: new places, "
        "places back after a while, status changes, routes that appear or end, "
        "disagreements with earlier briefs.",
        "news_brief": "Brief",
        "news_quiet": "Back after (months without a mention)",
        "news_of": "News of {title} ({id}, {day})",
        "news_nothing": "Nothing new: the archive before this brief had all of it.",
        "news_nothing_again": "Nothing new: this brief is in the library already.",
        "news_new_places": "New places ({n}):",
        "news_returning_places": "Back after {months}+ months ({n}):",
        "news_last_seen": "last {day}, {title}",
        "news_status_changes": "Status changes ({n}):",
        "news_change_closed": "closed",
        "news_change_reopened": "reopened",
        "news_change_opened": "opened",
        "news_change_restricted": "restricted",
        "news_change_exercise": "exercise",
        "news_change_deployment": "deployment",
        "news_change_construction": "construction",
        "news_change_incident": "incident",
        "news_curated": "curated history",
        "news_new_flows": "Routes that appear ({n}):",
        "news_ended_flows": "Routes the brief says ended ({n}):",
        "news_contradictions": "Contradictions with earlier briefs ({n}):",
        "news_this_brief": "This brief:",
        "news_earlier_brief": "Earlier:",
        "news_claim_active": "goods move",
        "news_claim_ended": "no longer",
        "news_claim_open": "open",
        "news_claim_closed": "closed",
        "news_claim_restricted": "restricted",
        "news_present": "Present what this brief changes",
        "news_map_caption": "Circled: what is new; ✕ a route that ended; ! a status change.",
        "news_open_page": "See what it changes",
        "news_counts": "New places: {new}; back after a while: {back}; status changes: "
        "{status}; new routes: {flows}; ended: {ended}; contradictions: {contra}.",
        "news_since_briefs": "Briefs added or published since {day}: {n}",
        "news_no_briefs": "No brief in the library yet.",
        "page_of": "page {n} of {total}",
        "page_prev": "previous page",
        "page_next": "next page",
        "status_reviewed": "reviewed by an analyst",
        "status_rejected": "rejected by an analyst",
        "status_open": "open",
        "status_closed": "closed",
        "status_restricted": "restricted",
        "status_unknown": "status unknown",
        "status_line": "{status} since {date}",
        "status_source": "source: {source}",
        "flow_kind_current": "current",
        "flow_kind_planned": "planned",
        "flow_kind_rerouted": "rerouted",
        "flow_kind_former": "former",
        "flow_formerly": "formerly via",
        "precision_point": "point",
        "precision_settlement": "settlement",
        "precision_region": "region",
        "precision_country": "country",
        "precision_continent": "continent",
        "any": "all",
        "page_error": "Something went wrong while drawing this part of the page. The details "
        "are in the server's log; try again, or clear the filters.",
        "store_unreadable": "The corpus store cannot be read: it is damaged or not a briefmap "
        "store. Rebuild it with `make build`, then reload this page.",
        "store_outdated": "The corpus store was made by another version of briefmap. Rebuild "
        "it with `make build` (reviews are kept), then reload this page.",
        "url_ignored": "Ignored in the link: {items}.",
        "briefs_listed": "The newest {n} of the {total} briefs are listed here; narrow the "
        "map by publisher, date or search to reach the others.",
        "url_dismiss": "Dismiss",
        "bad_number": "not a finite number",
        "bad_range": "out of range",
        "bad_zoom": "not a zoom level from {lo} to {hi}",
        "bad_chars": "contains control characters",
        "bad_values": "unknown value(s)",
        "bad_dates": "not a date range YYYY-MM-DD..YYYY-MM-DD",
        "reversed_dates": "the range ends before it starts",
        "bad_param": "not a setting of this page",
        "bad_place": "no such place",
        "bad_brief": "no such brief",
        "bad_language": "not a language of this page",
        "too_long": "too long",
        "needs_position": "needs lat and lon",
        "empty_filters": "Nothing matches these filters: {culprits}.",
        "empty_search": "no excerpt contains “{q}”",
        "empty_filter": "{name} leaves nothing",
        "empty_combination": "no excerpt passes {names} together",
        "f_search": "the search",
        "f_themes": "the theme filter",
        "f_briefs": "the brief filter",
        "f_publishers": "the publisher filter",
        "f_countries": "the country filter",
        "f_precisions": "the geo-precision filter",
        "f_event": "the event-date filter",
        "f_published": "the publication-date filter",
        "f_since": "the since filter",
        "timeline_help": "Drag across the chart to choose a period: the map, the panel and the "
        "counters then show only excerpts dated within it.",
        "period": "Period: {start} – {end}",
        "clear_period": "Clear the period",
        "month": "month",
        "n_dated": "mentions",
        "tip_region_outline": "region-level mention: the region's boundary",
        "status_earlier": "Earlier:",
        "status_period": "{status} {since} – {until}",
        "crossing_mode_road": "road",
        "crossing_mode_rail": "rail",
        "legend_region_outline": "▨ region (its boundary; ◌ approximate extent where none)",
        # briefing mode and exports
        "brief_step_of": "Step {n} of {total}",
        "brief_prev": "◀ Previous",
        "brief_next": "Next ▶",
        "brief_play": "Play",
        "brief_pause": "Pause",
        "brief_full": "Full screen",
        "brief_leave_full": "Leave full screen",
        "brief_copy": "Copy link",
        "brief_copied": "Link copied",
        "brief_copy_failed": "Copy the link from the box",
        "brief_keys": "← → or Page Up / Page Down: step · F: full screen · Esc: leave it",
        "brief_no_steps": "Nothing to present: no place under these filters.",
        "brief_more": "Showing the first {shown} of {total} steps; narrow the filters to see "
        "the rest.",
        "brief_precision_point": "exact point",
        "brief_precision_settlement": "town or city",
        "brief_precision_region": "region-level mention: the whole region is meant",
        "brief_precision_country": "country-level mention: the whole country is meant",
        "briefing_source": "Present",
        "briefing_source_view": "The places of this view, in the order the briefs name them",
        "briefing_source_dates": "The places of this view, by the date their excerpt names",
        "briefing_source_file": "Briefing: {title}",
        "briefing_brief": "Brief",
        "briefing_all_briefs": "All briefs of the view",
        "briefing_view_note": "Filters from the link: {filters}",
        "briefing_no_filters": "no filters",
        "briefing_error": "The briefing file cannot be used:",
        "briefing_help": "Click the map or the panel, then step with the arrow keys or a "
        "presentation clicker. Full screen hides everything but the presentation.",
        "briefing_steps_count": "{n} steps",
        "export_title": "Export this view",
        "export_help": "Files of what this page shows: the map as one HTML file that works "
        "with no network, the mentions and flows as data, a picture for a slide.",
        "export_html": "HTML (offline presentation)",
        "export_geojson": "GeoJSON (mentions and flows)",
        "export_csv": "CSV (mentions)",
        "export_csv_flows": "CSV (flows)",
        "export_gpkg": "GeoPackage (mentions, flows, areas)",
        "export_png": "PNG picture",
        "export_svg": "SVG picture",
        "export_source": "Source: {sources}. Places found in the briefs' words by briefmap; "
        "basemap Natural Earth (public domain).",
        "export_outside": "Outside the picture: {names}.",
        "export_not_drawn": "Not drawn (too coarse): {names}.",
        "export_title_view": "Places in {n} briefs",
    },
    "pl": {
        "page_title": "briefmap",
        "tagline": "Miejsca, o których mówią analizy, każde połączone ze słowami, które je "
        "wskazały.",
        "language": "Język",
        "filters": "Filtry",
        "themes": "Tematy",
        "briefs": "Analizy",
        "publishers": "Wydawcy",
        "countries": "Kraje",
        "precision": "Dokładność położenia",
        "event_dates": "Daty wydarzeń (tylko fragmenty z datą)",
        "published_dates": "Daty publikacji",
        "search": "Szukaj we fragmentach",
        "search_help": "Słowa lub ich początki; każde musi wystąpić we fragmencie.",
        "reset": "Wyczyść filtry",
        "choose": "Wszystkie (wybierz, by zawęzić)",
        "n_mentions": "Wzmianki",
        "n_places": "Miejsca",
        "n_briefs": "Analizy",
        "map": "Mapa",
        "panel": "Fragmenty",
        "place": "Miejsce",
        "no_place": "— wybierz miejsce albo kliknij je na mapie —",
        "place_option": "{name} ({n})",
        "no_selection": "Kliknij znacznik lub obszar na mapie, wyróżnioną nazwę w czytniku "
        "analizy albo wybierz miejsce powyżej: tu pojawią się jego fragmenty.",
        "places_here": "Miejsca przy tych filtrach",
        "not_drawn": "nie rysowane na mapie: poziom {precision}",
        "no_excerpts": "Żaden fragment o miejscu {name} nie pasuje do tych filtrów.",
        "showing_first": "Pokazano pierwsze {shown} z {total} fragmentów.",
        "show_more": "Pokaż więcej",
        "link_name": "nazwane",
        "link_cue": "powiązane słowami-wskazówkami",
        "evidence": "dowód",
        "offsets_label": "znaki {start}–{end} tekstu do czytania, "
        "{orig_start}–{orig_end} pliku {file}",
        "themes_label": "tematy",
        "dates_label": "daty",
        "show_in_reader": "Pokaż w analizie",
        "reader": "Czytnik analizy",
        "timeline": "Kiedy: wzmianki według miesiąca daty podanej we fragmencie",
        "no_dates": "Żaden fragment przy tych filtrach nie podaje daty.",
        "reader_help": "Wszystkie miejsca, o których mówi analiza, są wyróżnione; kliknij "
        "jedno, aby zaznaczyć je na mapie.",
        "brief": "Analiza",
        "no_briefs": "Brak analiz w bazie.",
        "no_store": "Brak bazy korpusu w `{path}`. Zbuduj ją poleceniem `make run` (buduje "
        "ją przed startem) lub `.venv/bin/briefmap build` i odśwież stronę.",
        "store_error": "Nie można odczytać bazy korpusu w `{path}`: {error}",
        "published": "opublikowano",
        "published_between": "opublikowano między {start} a {end}",
        "by": "autor",
        "mentions": "wzmianka|wzmianki|wzmianek",
        "excerpts": "fragment|fragmenty|fragmentów",
        "legend_title": "Tematy (wzmianki)",
        "legend_heading": "Legenda",
        "legend_themes": "Tematy (wzmianki)",
        "legend_symbols": "Na mapie (ile)",
        "legend_other": "Bez tematu",
        "legend_settlement": "miejscowość: wycinki to jej tematy, wielkość to wzmianki",
        "legend_point": "● punkt lub miejscowość",
        "legend_site": "obiekt (port, baza, elektrownia)",
        "legend_region": "region: jego granice (przerywany okrąg, gdy ich brak), kwadrat z "
        "tematami",
        "legend_country": "▨ całe państwo",
        "legend_country_area": "państwo: zacienione, kwadrat z tematami",
        "legend_crossing": "przejście graniczne, {status}",
        "legend_flow": "przepływ: {kind}",
        "legend_border": "granica państwa",
        "legend_gap": "przesmyk suwalski",
        "layer_places": "Miejsca wymienione w analizach",
        "fit_all": "Pokaż wszystkie narysowane miejsca",
        "show_everything": "Pokaż wszystko",
        "first_view_back": "Wróć tam, gdzie jest najwięcej wzmianek",
        "edge_outside": "Poza tym widokiem:",
        "tip_region": "wzmianka na poziomie regionu: okrąg pokazuje przybliżony zasięg",
        "tip_country": "wzmianka na poziomie państwa",
        "tip_country_no_outline": "wzmianka na poziomie państwa (brak granic w danych offline)",
        "more_in_panel": "jeszcze {n} w panelu",
        "layer_basemap": "Mapa podkładowa offline (Natural Earth)",
        "layer_osm": "OpenStreetMap (online)",
        "layer_borders": "Granice państw i przesmyk suwalski",
        "layer_crossings": "Przejścia graniczne",
        "layer_flows": "Przepływy opisane w analizach",
        "suwalki": "Przesmyk suwalski: granica polsko-litewska między Białorusią a obwodem "
        "kaliningradzkim, {km} km",
        "border": "Granica: {a} – {b}",
        "present_view": "Zaprezentuj ten widok (tryb prezentacji)",
        # nowości analizy (briefmap.news, pages/brief_news.py)
        "since": "Dodane lub opublikowane od",
        "since_help": "Tylko analizy dodane do biblioteki lub opublikowane tego dnia lub później.",
        "news_page": "Co nowego w analizie",
        "news_intro": "Co analiza wnosi do archiwum, jakim było przed nią: nowe miejsca, "
        "miejsca wracające po przerwie, zmiany statusu, trasy, które się pojawiają lub "
        "kończą, sprzeczności z wcześniejszymi analizami.",
        "news_brief": "Analiza",
        "news_quiet": "Powrót po (miesiącach bez wzmianki)",
        "news_of": "Co nowego: {title} ({id}, {day})",
        "news_nothing": "Nic nowego: archiwum sprzed tej analizy miało to wszystko.",
        "news_nothing_again": "Nic nowego: ta analiza jest już w bibliotece.",
        "news_new_places": "Nowe miejsca ({n}):",
        "news_returning_places": "Powracające po co najmniej {months} mies. ({n}):",
        "news_last_seen": "ostatnio {day}, {title}",
        "news_status_changes": "Zmiany statusu ({n}):",
        "news_change_closed": "zamknięte",
        "news_change_reopened": "ponownie otwarte",
        "news_change_opened": "otwarte",
        "news_change_restricted": "ograniczone",
        "news_change_exercise": "ćwiczenia",
        "news_change_deployment": "rozmieszczenie sił",
        "news_change_construction": "budowa",
        "news_change_incident": "incydent",
        "news_curated": "historia kuratorska",
        "news_new_flows": "Nowe trasy ({n}):",
        "news_ended_flows": "Trasy, które według analizy się skończyły ({n}):",
        "news_contradictions": "Sprzeczności z wcześniejszymi analizami ({n}):",
        "news_this_brief": "Ta analiza:",
        "news_earlier_brief": "Wcześniej:",
        "news_claim_active": "towary płyną",
        "news_claim_ended": "już nie",
        "news_claim_open": "otwarte",
        "news_claim_closed": "zamknięte",
        "news_claim_restricted": "ograniczone",
        "news_present": "Zaprezentuj, co zmienia ta analiza",
        "news_map_caption": "W kółku: to, co nowe; ✕ trasa zakończona; ! zmiana statusu.",
        "news_open_page": "Zobacz, co zmienia",
        "news_counts": "Nowe miejsca: {new}; powracające: {back}; zmiany statusu: {status}; "
        "nowe trasy: {flows}; zakończone: {ended}; sprzeczności: {contra}.",
        "news_since_briefs": "Analizy dodane lub opublikowane od {day}: {n}",
        "news_no_briefs": "W bibliotece nie ma jeszcze analiz.",
        "page_of": "strona {n} z {total}",
        "page_prev": "poprzednia strona",
        "page_next": "następna strona",
        "status_reviewed": "sprawdzone przez analityka",
        "status_rejected": "odrzucone przez analityka",
        "status_open": "otwarte",
        "status_closed": "zamknięte",
        "status_restricted": "ograniczony ruch",
        "status_unknown": "status nieznany",
        "status_line": "{status} od {date}",
        "status_source": "źródło: {source}",
        "flow_kind_current": "obecnie",
        "flow_kind_planned": "planowane",
        "flow_kind_rerouted": "przekierowane",
        "flow_kind_former": "dawniej",
        "flow_formerly": "wcześniej przez",
        "precision_point": "punkt",
        "precision_settlement": "miejscowość",
        "precision_region": "region",
        "precision_country": "państwo",
        "precision_continent": "kontynent",
        "any": "wszystkie",
        "page_error": "Coś poszło nie tak przy rysowaniu tej części strony. Szczegóły są w "
        "dzienniku serwera; spróbuj ponownie albo wyczyść filtry.",
        "store_unreadable": "Nie można odczytać bazy korpusu: jest uszkodzona albo nie jest "
        "bazą briefmap. Zbuduj ją od nowa poleceniem `make build` i odśwież stronę.",
        "store_outdated": "Baza korpusu pochodzi z innej wersji briefmap. Zbuduj ją od nowa "
        "poleceniem `make build` (recenzje zostaną zachowane) i odśwież stronę.",
        "url_ignored": "Pominięto w linku: {items}.",
        "briefs_listed": "Wymieniono tu {n} najnowszych z {total} analiz; pozostałe znajdziesz, "
        "zawężając mapę wydawcą, datą lub wyszukiwaniem.",
        "url_dismiss": "Zamknij",
        "bad_number": "to nie jest skończona liczba",
        "bad_range": "poza zakresem",
        "bad_zoom": "to nie jest poziom przybliżenia od {lo} do {hi}",
        "bad_chars": "zawiera znaki sterujące",
        "bad_values": "nieznane wartości",
        "bad_dates": "to nie jest zakres dat RRRR-MM-DD..RRRR-MM-DD",
        "reversed_dates": "zakres kończy się, zanim się zaczyna",
        "bad_param": "to nie jest ustawienie tej strony",
        "bad_place": "nie ma takiego miejsca",
        "bad_brief": "nie ma takiej analizy",
        "bad_language": "to nie jest język tej strony",
        "too_long": "za długie",
        "needs_position": "wymaga lat i lon",
        "empty_filters": "Nic nie pasuje do tych filtrów: {culprits}.",
        "empty_search": "żaden fragment nie zawiera „{q}”",
        "empty_filter": "{name} nie zostawia niczego",
        "empty_combination": "żaden fragment nie przechodzi naraz przez: {names}",
        "f_search": "wyszukiwanie",
        "f_themes": "filtr tematów",
        "f_briefs": "filtr analiz",
        "f_publishers": "filtr wydawców",
        "f_countries": "filtr krajów",
        "f_precisions": "filtr dokładności położenia",
        "f_event": "filtr dat wydarzeń",
        "f_published": "filtr dat publikacji",
        "f_since": "filtr „od dnia”",
        "timeline_help": "Przeciągnij po wykresie, aby wybrać okres: mapa, panel i liczniki "
        "pokażą wtedy tylko fragmenty z datami z tego okresu.",
        "period": "Okres: {start} – {end}",
        "clear_period": "Wyczyść okres",
        "month": "miesiąc",
        "n_dated": "wzmianki",
        "tip_region_outline": "wzmianka na poziomie regionu: granice regionu",
        "status_earlier": "Wcześniej:",
        "status_period": "{status} {since} – {until}",
        "crossing_mode_road": "drogowe",
        "crossing_mode_rail": "kolejowe",
        "legend_region_outline": "▨ region (jego granice; ◌ przybliżony zasięg, gdy ich brak)",
        # tryb prezentacji i eksport
        "brief_step_of": "Krok {n} z {total}",
        "brief_prev": "◀ Wstecz",
        "brief_next": "Dalej ▶",
        "brief_play": "Odtwarzaj",
        "brief_pause": "Wstrzymaj",
        "brief_full": "Pełny ekran",
        "brief_leave_full": "Zamknij pełny ekran",
        "brief_copy": "Kopiuj link",
        "brief_copied": "Skopiowano link",
        "brief_copy_failed": "Skopiuj link z pola",
        "brief_keys": "← → lub Page Up / Page Down: kroki · F: pełny ekran · Esc: wyjście",
        "brief_no_steps": "Nie ma czego pokazać: żadne miejsce nie pasuje do tych filtrów.",
        "brief_more": "Pokazano pierwsze {shown} z {total} kroków; zawęź filtry, by zobaczyć "
        "resztę.",
        "brief_precision_point": "dokładny punkt",
        "brief_precision_settlement": "miejscowość",
        "brief_precision_region": "wzmianka na poziomie regionu: chodzi o cały region",
        "brief_precision_country": "wzmianka na poziomie państwa: chodzi o całe państwo",
        "briefing_source": "Pokaż",
        "briefing_source_view": "Miejsca tego widoku w kolejności, w jakiej wymieniają je analizy",
        "briefing_source_dates": "Miejsca tego widoku według daty podanej we fragmencie",
        "briefing_source_file": "Prezentacja: {title}",
        "briefing_brief": "Analiza",
        "briefing_all_briefs": "Wszystkie analizy widoku",
        "briefing_view_note": "Filtry z linku: {filters}",
        "briefing_no_filters": "bez filtrów",
        "briefing_error": "Nie można użyć pliku prezentacji:",
        "briefing_help": "Kliknij mapę lub panel, a potem przechodź strzałkami albo pilotem "
        "do prezentacji. Pełny ekran ukrywa wszystko poza prezentacją.",
        "briefing_steps_count": "kroki: {n}",
        "export_title": "Eksport tego widoku",
        "export_help": "Pliki tego, co pokazuje strona: mapa jako jeden plik HTML działający "
        "bez sieci, wzmianki i przepływy jako dane, obraz na slajd.",
        "export_html": "HTML (prezentacja offline)",
        "export_geojson": "GeoJSON (wzmianki i przepływy)",
        "export_csv": "CSV (wzmianki)",
        "export_csv_flows": "CSV (przepływy)",
        "export_gpkg": "GeoPackage (wzmianki, przepływy, obszary)",
        "export_png": "Obraz PNG",
        "export_svg": "Obraz SVG",
        "export_source": "Źródło: {sources}. Miejsca znalezione w słowach analiz przez "
        "briefmap; mapa podkładowa Natural Earth (domena publiczna).",
        "export_outside": "Poza obrazem: {names}.",
        "export_not_drawn": "Nie rysowane (zbyt ogólne): {names}.",
        "export_title_view": "Miejsca w analizach: {n}",
    },
}


# The pages' strings are kept in their own module; each key is defined in one of the two.
for _code, _strings in PAGE_STRINGS.items():
    STRINGS[_code].update(_strings)


def language(lang: str | None) -> str:
    """A supported language code for ``lang`` ("pl", "pl-PL" -> "pl"; anything else "en")."""
    return "pl" if (lang or "").lower().startswith("pl") else "en"


def t(key: str, lang: str = "en", **values: object) -> str:
    """The interface string ``key`` in ``lang``, formatted with ``values``."""
    text = STRINGS[language(lang)].get(key) or STRINGS["en"][key]
    return text.format(**values) if values else text


def plural(n: int, key: str, lang: str = "en") -> str:
    """The form of the noun ``key`` ("mentions", "excerpts") that goes with ``n``."""
    forms = t(key, lang).split("|")
    if language(lang) == "pl":
        if n == 1:
            return forms[0]
        if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
            return forms[1]
        return forms[2]
    return forms[0] if n == 1 else forms[1]


def count(n: int, key: str, lang: str = "en") -> str:
    """``n`` and its noun: "1 mention", "5 wzmianek"."""
    return f"{n} {plural(n, key, lang)}"


def place_name(place: Mapping[str, object], lang: str = "en") -> str:
    """The place's name in the interface language (``name_pl`` in Polish, ``name`` else)."""
    if language(lang) == "pl" and place.get("name_pl"):
        return str(place["name_pl"])
    return str(place.get("name") or place.get("name_pl") or place.get("id") or "")


@lru_cache(maxsize=4)
def _territories(lang: str) -> dict[str, str]:
    try:
        from babel import Locale

        return dict(Locale(lang).territories)
    except Exception:  # babel missing or without the locale: codes are shown instead
        return {}


def country_name(code: str, lang: str = "en") -> str:
    """The name of the country with ISO 3166-1 alpha-2 ``code`` in ``lang`` (CLDR)."""
    return _territories(language(lang)).get((code or "").upper(), code or "")


def precision_name(precision: str, lang: str = "en") -> str:
    key = f"precision_{precision}"
    return t(key, lang) if key in STRINGS["en"] else precision


def publication_date(start: str | None, end: str | None, lang: str = "en") -> str:
    """A brief's publication date, or the range it lies in when only that is known."""
    if start and end and end != start:
        return t("published_between", lang, start=start, end=end)
    return f"{t('published', lang)} {start or end}" if (start or end) else ""


def citation(record: Mapping[str, object], lang: str = "en") -> str:
    """Plain-text citation of a brief from a mention or brief record: title, publisher,
    publication date (``published_start``/``published_end`` or ``date_start``/``date_end``).
    A title the brief does not print (a label taken from its text) is in square brackets,
    as a library catalogue marks a title it supplied."""
    title = str(record.get("title") or "")
    if record.get("title_is_descriptive") and title:
        title = f"[{title}]"
    start = record.get("published_start", record.get("date_start"))
    end = record.get("published_end", record.get("date_end"))
    parts = [title, str(record.get("publisher") or ""), publication_date(start, end, lang)]
    return " · ".join(p for p in parts if p)
