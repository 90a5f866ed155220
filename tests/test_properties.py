"""What an added file says about itself (issue 16, "Adding files tells the truth"): date and
author lines are not titles, and each value found says where it was found. Every line here
was written for these tests, in the forms Polish and English think-tank pages print them."""

from __future__ import annotations

import pytest

from briefmap.text.properties import byline, file_properties, first_line_title, found_properties

BODY_PL = (
    "Rząd Litwy zamknął w poniedziałek przejście w Miednikach, a ciężarówki stoją w kolejce "
    "pod Wilnem. Przewoźnicy z Kłajpedy apelują do rządu o otwarcie drogi na Białoruś.\n"
)
BODY_EN = (
    "Lithuania closed the Medininkai crossing on Monday, and lorries queue outside Vilnius. "
    "Carriers from Klaipėda ask the government to reopen the road to Belarus.\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "Publikacja: 22.10.2025",
        "Published 3 March 2025",
        "Opublikowano 5 września 2025 r.",
        "Data publikacji: 2025-10-22",
        "Warszawa, 3 marca 2025 r.",
        "Nowy Sącz, 3 marca 2025",
        "Vilnius, March 3, 2025",
        "22.10.2025",
        "March 3, 2025",
        "Autor: Jan Kowalski",
        "By Anna Nowak and Piotr Nowak",
    ],
)
def test_date_and_author_lines_are_bylines(line):
    assert byline(line)


@pytest.mark.parametrize(
    "line",
    [
        "Zamknięte Miedniki",
        "Granica z Białorusią w 2025 roku",
        "3 marca zamknięto przejście w Kuźnicy",
        "Published reports on the Belarusian border",
        "Rosja i Białoruś, 2025: rok manewrów",
        "Closed crossings on the Lithuanian border",
        "Przegląd tygodnia, 3 marca 2025",
        "Weekly review, March 3, 2025",
        "",
    ],
)
def test_headings_and_sentences_are_not_bylines(line):
    assert not byline(line)


def test_a_date_line_on_top_is_passed_over_for_the_heading_under_it():
    assert first_line_title("Publikacja: 22.10.2025\n\nZamknięte Miedniki\n\n" + BODY_PL) == (
        "Zamknięte Miedniki"
    )
    assert first_line_title("By Anna Nowak\nPublished 3 March 2025\n\nBorder notes\n\n") == (
        "Border notes"
    )


def test_a_text_that_starts_with_its_date_and_then_a_sentence_has_no_heading():
    assert first_line_title("Publikacja: 22.10.2025\n\n" + BODY_PL) == ""
    assert first_line_title(BODY_EN) == ""


def test_each_value_says_where_it_was_found():
    reading = "Zamknięte Miedniki\n\nPublikacja: 22.10.2025\nAutor: Jan Kowalski\n\n" + BODY_PL
    found = found_properties("b.txt", reading.encode(), reading)
    assert found["title"] == ("Zamknięte Miedniki", "first_line", "Zamknięte Miedniki")
    assert found["date_start"] == ("2025-10-22", "printed", "Publikacja: 22.10.2025")
    assert found["author"] == ("Jan Kowalski", "printed", "Autor: Jan Kowalski")
    flat = file_properties("b.txt", reading.encode(), reading)
    assert flat["source"] == (
        "the first line; printed in the text: 'Publikacja: 22.10.2025', 'Autor: Jan Kowalski'"
    )


def test_html_properties_say_they_came_from_the_html():
    """A page written for this test: its <meta> names an author, its text prints a date."""
    html = (
        "<html><head><title>Miedniki zamknięte</title><meta name='author' content='Ewa Lis'>"
        "</head><body><p>Publikacja: 22.10.2025</p><p>" + BODY_PL + "</p></body></html>"
    )
    reading = "Publikacja: 22.10.2025\n\n" + BODY_PL
    found = found_properties("x.html", html.encode(), reading)
    assert found["title"] == ("Miedniki zamknięte", "html", "")
    assert found["author"] == ("Ewa Lis", "html", "")
    assert found["date_start"] == ("2025-10-22", "printed", "Publikacja: 22.10.2025")


@pytest.mark.parametrize(
    ("name", "text", "title", "when"),
    [
        ("raport_granica_litwa.txt", BODY_PL, "raport granica litwa", None),
        (
            "raport_granica.txt",
            "Publikacja: 22.10.2025\n\n" + BODY_PL,
            "raport granica",
            "2025-10-22",
        ),
        ("border-note.txt", "Published 3 March 2025\n\n" + BODY_EN, "border-note", "2025-03-03"),
        ("Nota_graniczna.txt", "Warszawa, 3 marca 2025 r.\n\n" + BODY_PL, "Nota graniczna", None),
    ],
)
def test_an_upload_that_starts_with_its_date_is_titled_by_its_file_name(
    library, name, text, title, when
):
    draft = library.prepare(name, text.encode())
    assert draft.brief.title == title and draft.brief.title_is_descriptive
    assert (draft.brief.date_start.isoformat() if draft.brief.date_start else None) == when
