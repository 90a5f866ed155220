"""The Add briefs and Review pages in Polish (?lang=pl) and English, run by Streamlit's
AppTest (no browser): the language switch, a pasted brief's metadata said with where it was
found, an error in the reader's language, the Review page's words. Texts written for these
tests."""

from __future__ import annotations

from datetime import date

from test_pages import TEXT, data, page  # noqa: F401  (data: the pages' data folder fixture)

DATED = (
    "Zamknięte Miedniki\n\nPublikacja: 22.10.2025\n\n"
    "Rząd Litwy zamknął w poniedziałek przejście w Miednikach, a ciężarówki stoją w kolejce "
    "pod Wilnem. Przewoźnicy z Kłajpedy apelują do rządu o otwarcie drogi na Białoruś.\n"
)


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def test_the_add_page_speaks_polish_and_says_where_the_date_was_found(data):  # noqa: F811
    at = page("add_briefs.py", lang="pl")
    assert not at.exception
    assert at.title[0].value == "Dodaj analizy"
    assert at.sidebar.radio[0].value == "pl"
    at.text_area(key="paste_text").set_value(DATED)
    at.button[0].click().run()  # "Wczytaj tekst"
    assert not at.exception and "Gotowe do dodania: 1" in [m.value for m in at.subheader]
    said = captions(at)
    assert "Data publikacji: 2025\\-10\\-22 — wydrukowane w tekście: „Publikacja: 22.10.2025”" in (
        said
    )
    assert "Tytuł: Zamknięte Miedniki — nagłówek na początku tekstu" in said
    when = next(d for d in at.date_input if d.label == "Data publikacji")
    assert when.value == date(2025, 10, 22)
    assert any(b.label == "Dodaj 1 analizę" for b in at.button)


def test_the_add_page_in_english_says_the_same(data):  # noqa: F811
    at = page("add_briefs.py")
    at.text_area(key="paste_text").set_value(DATED)
    at.button[0].click().run()
    said = captions(at)
    assert "Publication date: 2025\\-10\\-22 — printed in the text: “Publikacja: 22.10.2025”" in (
        said
    )
    assert next(d for d in at.date_input if d.label == "Publication date").value == date(
        2025, 10, 22
    )


def test_switching_the_language_on_the_page_changes_its_words_and_its_link(data):  # noqa: F811
    at = page("add_briefs.py")
    assert at.title[0].value == "Add briefs"
    at.sidebar.radio[0].set_value("pl").run()
    assert at.title[0].value == "Dodaj analizy" and at.query_params["lang"] == "pl"
    at.sidebar.radio[0].set_value("en").run()
    assert at.title[0].value == "Add briefs" and "lang" not in at.query_params


def test_an_unknown_language_in_the_link_gives_english(data):  # noqa: F811
    at = page("add_briefs.py", lang="xx")
    assert not at.exception and at.title[0].value == "Add briefs"


def test_why_a_text_cannot_be_added_is_said_in_polish(data):  # noqa: F811
    at = page("add_briefs.py", lang="pl")
    at.text_area(key="paste_text").set_value(
        "Die Regierung in Minsk hat am Montag angekündigt, dass die Grenzübergänge zu Litauen "
        "und Polen bis auf Weiteres geschlossen bleiben, weil die Zahl der Lastwagen an der "
        "Grenze stark gestiegen ist. Die Spediteure warnen vor hohen Verlusten, und die "
        "Europäische Union prüft neue Sanktionen gegen das Regime in Minsk und Moskau."
    )
    at.button[0].click().run()
    assert any(
        e.value.startswith("wklejony tekst: tekst nie jest ani po polsku, ani po angielsku")
        for e in at.error
    )


def test_the_review_page_speaks_polish(data, library, tmp_path):  # noqa: F811
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    bid = library.add_file(f).brief_id
    at = page("review.py", brief=bid, lang="pl")
    assert not at.exception and at.title[0].value == "Przegląd tego, co znaleziono"
    assert "Dodaj miejsce pominięte przez parser" in [m.value for m in at.subheader]
    assert at.button(key="accept").label == "Zatwierdź"
    at.button(key="accept").click().run()
    assert any(s.value.startswith("Zatwierdzono „") for s in at.success)
    assert "Decyzje (1)" in [m.value for m in at.subheader]
    columns = list(at.dataframe[0].value.columns)
    assert columns[:3] == ["słowa", "miejsce", "szer."] and "powiązanie" in columns
    assert set(at.dataframe[0].value["powiązanie"]) <= {"nazwa", "wskazówka"}
    assert set(at.dataframe[0].value["stan"]) <= {"automatyczne", "sprawdzone", "odrzucone"}


def test_the_language_goes_with_the_reader_between_the_dashboard_and_the_pages(data):  # noqa: F811
    from test_pages import ROOT, AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "pl"
    at.run()
    at.switch_page("pages/add_briefs.py").run()
    assert at.title[0].value == "Dodaj analizy"
    at.sidebar.radio[0].set_value("en").run()
    at.switch_page("dashboard.py").run()
    assert at.sidebar.radio[0].value == "en"
    at.switch_page("pages/review.py").run()
    assert at.title[0].value == "Review what was found"
    at.sidebar.radio[0].set_value("pl").run()
    at.switch_page("dashboard.py").run()
    assert at.sidebar.radio[0].value == "pl" and at.sidebar.radio[0].label == "Język"


def test_the_readers_notes_and_errors_are_said_in_polish_and_others_left_as_they_are():
    """Notes and errors in the forms briefmap.text.reading and briefmap.library write them."""
    from briefmap.library import AddError
    from ui.page_lang import add_error_text, note_text

    damaged = (
        "the PDF is damaged but could be read (the PDF reader says: bad xref); some text may "
        "be missing — export the PDF again from its source"
    )
    assert note_text(damaged, "pl").startswith("plik PDF jest uszkodzony, ale dało się")
    assert note_text(damaged, "en") == damaged
    assert note_text("a note of another form", "pl") == "a note of another form"
    err = AddError("a.pdf", "file is too large (25.0 MB)", "split the brief", "too_large")
    assert add_error_text(err, "pl") == (
        "a.pdf: plik jest za duży (szczegóły: file is too large (25.0 MB)) — podziel analizę "
        "na mniejsze pliki"
    )
    assert add_error_text(err, "en") == str(err)
    assert add_error_text(ValueError("not a date"), "pl") == "not a date"
