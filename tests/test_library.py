"""Adding briefs: each format, each bad input, duplicates, batches, the data folder.

Fixtures are made here: a PDF written with fpdf2, a DOCX with python-docx, HTML, Markdown,
text. After every failure the data folder (store rows and files) must be exactly as before.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from conftest import snapshot

from briefmap.library import AddError, Library, language_problem
from briefmap.store import Filters, Store

ROOT = Path(__file__).resolve().parent.parent

PL_TEXT = (
    "Ciężarówki na granicy z Litwą\n\n"
    "W poniedziałek w Wilnie spotkali się ministrowie Litwy i Polski. Rozmawiali o sytuacji "
    "na granicy z Białorusią, gdzie w rejonie Grodna stoją tysiące ciężarówek. Przewoźnicy "
    "z Kłajpedy apelują o otwarcie przejść, a rząd w Mińsku milczy. Eksperci ostrzegają, że "
    "kolejki będą rosły, jeśli przejścia nie zostaną otwarte przed końcem miesiąca, i że "
    "straty firm transportowych są już bardzo duże.\n"
)
EN_TEXT = (
    "Trucks stuck at the Lithuanian border. On Monday the ministers of Lithuania and Poland "
    "met in Vilnius. They discussed the situation at the border with Belarus, where "
    "thousands of trucks are waiting near Grodno. Hauliers from Klaipeda have asked for the "
    "crossings to be reopened, and the government in Minsk is silent. Experts warn that the "
    "queues will grow if the crossings are not opened before the end of the month, and that "
    "the losses of the transport firms are already very large."
)

GERMAN = (
    "Die Regierung in Minsk hat am Montag angekündigt, dass die Grenzübergänge zu Litauen und "
    "Polen bis auf Weiteres geschlossen bleiben. Nach Angaben des Innenministeriums sollen die "
    "Kontrollen verschärft werden, weil die Zahl der Lastwagen an der Grenze stark gestiegen "
    "ist. Die Spediteure warnen vor hohen Verlusten, und die Europäische Union prüft neue "
    "Sanktionen gegen das Regime. Beobachter in Warschau und Vilnius sehen darin einen "
    "weiteren Versuch, Druck auf die Nachbarstaaten auszuüben."
)


def places_of(library: Library, brief_id: str) -> set[str]:
    store = Store(library.folder.store)
    return {m["place_name"] for m in store.mentions(Filters(), brief_id=brief_id)}


def make_pdf(text: str, *, title: str = "", author: str = "", password: str = "") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creation_date(datetime(2024, 3, 5, tzinfo=timezone.utc))
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.add_page()
    if text:
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    else:
        pdf.rect(20, 20, 100, 60)  # a drawing, no text: what a scan looks like to a reader
    return bytes(pdf.output())


def make_docx(paragraphs: list[str], *, title: str = "", author: str = "") -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.core_properties.title = title
    d.core_properties.author = author
    d.core_properties.created = datetime(2023, 11, 20)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# -- each format -----------------------------------------------------------------------------
def test_a_polish_text_file_is_added_with_its_places_and_its_first_line_as_title(library, tmp_path):
    f = tmp_path / "granica.txt"
    f.write_text(PL_TEXT, encoding="utf-8")
    added = library.add_file(f)
    assert added.title == "Ciężarówki na granicy z Litwą"
    assert {"Vilnius", "Klaipėda", "Grodno"} <= places_of(library, added.brief_id)
    b = Store(library.folder.store).brief(added.brief_id)
    assert b["origin"] == "added" and b["language"] == "pl"
    assert (library.folder.root / b["path"]).read_bytes() == f.read_bytes()  # kept as given
    assert b["path"].startswith("briefs/")  # relative: the data folder can move


def test_a_windows_1250_text_file_is_read(library, tmp_path):
    f = tmp_path / "cp1250.txt"
    f.write_bytes(PL_TEXT.encode("cp1250"))
    added = library.add_file(f)
    assert "Klaipėda" in places_of(library, added.brief_id)


def test_a_markdown_file_takes_its_heading_as_title(library, tmp_path):
    f = tmp_path / "brief.md"
    f.write_text("# Rozmowy o granicy\n\n" + PL_TEXT.split("\n\n", 1)[1], encoding="utf-8")
    added = library.add_file(f)
    assert added.title == "Rozmowy o granicy"
    assert "Vilnius" in places_of(library, added.brief_id)


def test_an_html_file_gives_its_title_author_publisher_date_and_address(library, tmp_path):
    html = (
        "<!doctype html><html><head><title>Site | Trucks at the border</title>"
        '<meta name="citation_title" content="Trucks at the border">'
        '<meta name="author" content="Anna Nowak">'
        '<meta property="og:site_name" content="OSW">'
        '<meta name="citation_publication_date" content="2024/02/14">'
        '<link rel="canonical" href="https://example.org/trucks">'
        "</head><body><h1>Trucks</h1><p>" + EN_TEXT + "</p>"
        "<script>alert('x')</script></body></html>"
    )
    f = tmp_path / "page.html"
    f.write_text(html, encoding="utf-8")
    added = library.add_file(f)
    b = Store(library.folder.store).brief(added.brief_id)
    assert (b["title"], b["author"], b["publisher"]) == (
        "Trucks at the border",
        "Anna Nowak",
        "OSW",
    )
    assert b["date_start"] == "2024-02-14" and b["url"] == "https://example.org/trucks"
    assert b["language"] == "en" and "alert" not in b["reading"]
    assert {"Vilnius", "Minsk"} <= places_of(library, added.brief_id)


def test_a_pdf_with_a_text_layer_is_added_with_its_properties(library, tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(make_pdf(EN_TEXT, title="Border report", author="Jan Kowalski"))
    added = library.add_file(f)
    b = Store(library.folder.store).brief(added.brief_id)
    assert (b["title"], b["author"], b["date_start"]) == (
        "Border report",
        "Jan Kowalski",
        "2024-03-05",
    )
    assert {"Vilnius", "Lithuania"} <= places_of(library, added.brief_id)


def test_a_docx_is_added_with_its_properties(library, tmp_path):
    paragraphs = PL_TEXT.strip().split("\n\n")
    f = tmp_path / "notatka.docx"
    f.write_bytes(make_docx(paragraphs, title="Notatka o granicy", author="Ewa Lis"))
    added = library.add_file(f)
    b = Store(library.folder.store).brief(added.brief_id)
    assert (b["title"], b["author"], b["date_start"]) == (
        "Notatka o granicy",
        "Ewa Lis",
        "2023-11-20",
    )
    assert "Vilnius" in places_of(library, added.brief_id)


def test_pasted_text_is_added_and_kept_as_a_text_file(library):
    draft = library.prepare("pasted text", text=EN_TEXT, meta={"title": "Pasted"})
    added = library.commit(draft, meta={"publisher": "Me", "date_start": "2024-01-02"})
    b = Store(library.folder.store).brief(added.brief_id)
    assert (b["title"], b["publisher"], b["date_start"]) == ("Pasted", "Me", "2024-01-02")
    assert (library.folder.root / b["path"]).read_text(encoding="utf-8") == EN_TEXT


def test_metadata_given_wins_over_the_files_and_can_be_edited_after(library, tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(make_pdf(EN_TEXT, title="Border report"))
    added = library.add_file(f, meta={"title": "My title", "publisher": "PISM"})
    library.edit(added.brief_id, title="Better title", date_start="2024-05-01")
    b = Store(library.folder.store).brief(added.brief_id)
    assert (b["title"], b["publisher"], b["date_start"]) == ("Better title", "PISM", "2024-05-01")
    rows = Store(library.folder.store).mentions(Filters(), brief_id=added.brief_id)
    assert {r["published"] for r in rows} == {"2024-05-01"}  # the mentions' copy follows


def test_the_shipped_corpus_metadata_is_not_edited_from_the_library(library):
    with pytest.raises(ValueError, match=r"briefs\.toml"):
        library.edit(Store(library.folder.store).briefs()[0]["id"], title="x")


# -- bad input: a message naming the file and what to do; nothing stored changes -------------
def _pdf_without_text() -> bytes:
    return make_pdf("")


def _encrypted_pdf() -> bytes:
    return make_pdf(EN_TEXT, password="secret")


BAD = [
    ("empty.txt", lambda: b"", "empty", "empty"),
    ("blob.txt", lambda: bytes(range(256)) * 40, "unreadable", "binary"),
    ("broken.pdf", lambda: b"%PDF-1.4\n1 0 obj garbage", "unreadable", "PDF"),
    ("scan.pdf", _pdf_without_text, "no_text", "no text"),
    ("locked.pdf", _encrypted_pdf, "encrypted", "password"),
    ("broken.docx", lambda: b"PK\x03\x04not really a zip", "unreadable", "docx"),
    ("german.txt", lambda: GERMAN.encode(), "language", "Polish or English"),
]


@pytest.mark.parametrize(("name", "content", "kind", "says"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_file_is_refused_plainly_and_changes_nothing(
    library, tmp_path, name, content, kind, says
):
    f = tmp_path / name
    f.write_bytes(content())
    before = snapshot(library.folder.root)
    with pytest.raises(AddError) as err:
        library.add_file(f)
    assert err.value.kind == kind
    msg = str(err.value)
    assert msg.startswith(f"{f}: ") and " — " in msg  # names the file, then what to do
    assert says.lower() in msg.lower()
    assert snapshot(library.folder.root) == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(library, tmp_path):
    f = tmp_path / "big.txt"
    f.write_text(PL_TEXT * 20, encoding="utf-8")
    small = Library(library.folder, max_bytes=1000)
    before = snapshot(library.folder.root)
    with pytest.raises(AddError, match=r"too large.*limit is 1000 bytes") as err:
        small.add_file(f)
    assert err.value.kind == "too_large" and "BRIEFMAP_MAX_MB" in str(err.value)
    assert snapshot(library.folder.root) == before
    Library(library.folder, max_bytes=len(PL_TEXT.encode()) * 21).add_file(f)  # under it: added


def test_the_size_limit_comes_from_the_environment(monkeypatch):
    from briefmap.library import max_bytes_from_env

    monkeypatch.setenv("BRIEFMAP_MAX_MB", "2")
    assert max_bytes_from_env() == 2_000_000  # decimal megabytes, as the upload widget counts
    monkeypatch.setenv("BRIEFMAP_MAX_MB", "500")
    assert max_bytes_from_env() == 20_000_000  # never above what the reader takes


def test_an_unsupported_language_given_is_refused(library, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(PL_TEXT, encoding="utf-8")
    before = snapshot(library.folder.root)
    with pytest.raises(AddError, match="'de' is not supported") as err:
        library.add_file(f, language="de")
    assert err.value.kind == "language"
    assert snapshot(library.folder.root) == before


def test_the_same_content_added_twice_is_found_and_not_duplicated(library, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(PL_TEXT, encoding="utf-8")
    added = library.add_file(f)
    before = snapshot(library.folder.root)
    with pytest.raises(AddError, match="already in the corpus") as err:
        library.add_file(f)
    assert err.value.kind == "duplicate" and added.brief_id in str(err.value)
    crlf = tmp_path / "other-name.txt"  # other bytes, the same text once read
    crlf.write_bytes(PL_TEXT.replace("\n", "\r\n").encode())
    with pytest.raises(AddError, match="already in the corpus"):
        library.add_file(crlf)
    assert snapshot(library.folder.root) == before


def test_a_seed_brief_added_again_is_a_duplicate(library):
    seed = next((ROOT / "briefmap" / "geodata" / "briefs").glob("*.txt"))
    with pytest.raises(AddError, match="already in the corpus"):
        library.add_file(seed)


def test_a_failure_half_way_through_a_batch_leaves_the_store_as_before_that_file(
    library, tmp_path, monkeypatch
):
    import briefmap.store.writes as store_module

    files = []
    for k, text in enumerate((PL_TEXT, EN_TEXT, PL_TEXT.replace("Wilnie", "Kownie"))):
        f = tmp_path / f"b{k}.txt"
        f.write_text(text, encoding="utf-8")
        files.append(f)
    library.add_file(files[0])
    before = snapshot(library.folder.root)
    real = store_module.write_mentions

    def failing(con, brief, mentions):
        real(con, brief, mentions[:3])  # some rows written, then the disk "fails"
        raise OSError("disk full")

    monkeypatch.setattr(store_module, "write_mentions", failing)
    with pytest.raises(OSError):
        library.add_file(files[1])
    assert snapshot(library.folder.root) == before  # not even its file is left
    monkeypatch.setattr(store_module, "write_mentions", real)
    library.add_file(files[2])
    assert len(Store(library.folder.store).briefs()) == 4  # 2 seeds + files 0 and 2


def test_the_cli_adds_a_batch_and_says_what_failed_on_stderr_with_status_2(library, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(PL_TEXT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    other = tmp_path / "other.md"
    other.write_text(EN_TEXT, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "briefmap", "add", "--data", str(library.folder.root),
         "--publisher", "IEŚ", str(good), str(empty), str(other)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 2
    assert f"{empty}: file is empty — " in r.stderr and "Traceback" not in r.stderr
    assert "[1/3]" in r.stderr and "places" in r.stderr  # the progress of the batch
    assert len(r.stdout.splitlines()) == 2  # both good files added
    pubs = {b["publisher"] for b in Store(library.folder.store).briefs() if b["origin"] == "added"}
    assert pubs == {"IEŚ"}
    again = subprocess.run(
        [sys.executable, "-m", "briefmap", "add", "--data", str(library.folder.root), str(good)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert again.returncode == 2 and "already in the corpus" in again.stderr


# -- the language check, both sides -----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (PL_TEXT, True),
        (EN_TEXT, True),
        ("Wilno, Grodno, Mińsk.", True),  # too short to judge: accepted
        (GERMAN, False),
        (
            "Правительство в Минске в понедельник объявило, что пограничные переходы в Литву "
            "и Польшу останутся закрытыми до особого распоряжения. " * 4,
            False,
        ),
        (
            "Vláda v Minsku v pondělí oznámila, že hraniční přechody do Litvy a Polska "
            "zůstanou až do odvolání uzavřeny. Podle ministerstva vnitra budou kontroly "
            "zpřísněny, protože počet nákladních aut na hranici výrazně vzrostl. Dopravci "
            "varují před vysokými ztrátami a Evropská unie zvažuje nové sankce proti režimu. "
            "Pozorovatelé ve Varšavě a ve Vilniusu v tom vidí další pokus vyvinout tlak na "
            "sousední státy. Co přinese budoucnost, není jasné; situace na hranici se v "
            "příštích týdnech pravděpodobně nezlepší, a to ani po jednáních.",
            False,
        ),
    ],
    ids=["polish", "english", "short", "german", "russian", "czech"],
)
def test_language_check(text, ok):
    assert (language_problem(text) is None) == ok


# -- the data folder --------------------------------------------------------------------------
def test_the_data_folder_follows_the_options_and_the_environment(monkeypatch, tmp_path):
    from briefmap.datafolder import data_folder

    monkeypatch.delenv("BRIEFMAP_STORE", raising=False)
    monkeypatch.setenv("BRIEFMAP_DATA", str(tmp_path / "env"))
    assert data_folder().store == tmp_path / "env" / "briefmap.sqlite"
    assert data_folder(tmp_path / "opt").briefs == tmp_path / "opt" / "briefs"
    monkeypatch.delenv("BRIEFMAP_DATA")
    monkeypatch.setenv("BRIEFMAP_STORE", str(tmp_path / "x" / "s.sqlite"))
    f = data_folder()
    assert (f.root, f.store) == (tmp_path / "x", tmp_path / "x" / "s.sqlite")
    monkeypatch.delenv("BRIEFMAP_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_folder().root == tmp_path / "xdg" / "briefmap"  # platformdirs, on Linux


def test_the_default_store_is_outside_the_source_tree():
    from briefmap.datafolder import default_store

    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFMAP_")}
    out = subprocess.run(
        [sys.executable, "-c", "from briefmap.store import DEFAULT_STORE; print(DEFAULT_STORE)"],
        capture_output=True, text=True, env=env, timeout=60,
    ).stdout.strip()  # fmt: skip
    assert out and not Path(out).resolve().is_relative_to(ROOT)
    assert default_store().name == "briefmap.sqlite"


def test_backup_copies_the_store_and_the_files(library, tmp_path):
    from briefmap.cli import main

    f = tmp_path / "a.txt"
    f.write_text(PL_TEXT, encoding="utf-8")
    added = library.add_file(f)
    dest = tmp_path / "backup"
    assert main(["backup", "--data", str(library.folder.root), str(dest)]) == 0
    copy = Library(dest)
    assert {b["id"] for b in Store(copy.folder.store).briefs()} >= {added.brief_id}
    assert (dest / Store(copy.folder.store).brief(added.brief_id)["path"]).exists()


def test_dates_in_metadata_must_be_dates(library, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(PL_TEXT, encoding="utf-8")
    with pytest.raises(AddError, match="not a date") as err:
        library.add_file(f, meta={"date_start": "yesterday"})
    assert err.value.kind == "metadata"
    added = library.add_file(f, meta={"date_start": date(2024, 1, 1)})
    assert Store(library.folder.store).brief(added.brief_id)["date_start"] == "2024-01-01"


@pytest.mark.slow
def test_a_fresh_clone_builds_its_seeds_outside_the_tree_and_stays_clean(tmp_path):
    """What `make run` does on a fresh clone — build the store if missing, start the
    dashboard on it — leaves `git status` clean: the store is in the user's data folder."""
    from streamlit.testing.v1 import AppTest

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    xdg = tmp_path / "xdg"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFMAP_")}
    env.update(XDG_DATA_HOME=str(xdg), PYTHONPATH=str(clone))
    r = subprocess.run(
        [sys.executable, "-m", "briefmap", "build", "--if-missing"],
        cwd=clone, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    store_path = xdg / "briefmap" / "briefmap.sqlite"
    assert {b["origin"] for b in Store(store_path).briefs()} == {"corpus"}
    assert len(Store(store_path).briefs()) == 2  # the seeds
    again = subprocess.run(
        [sys.executable, "-m", "briefmap", "build", "--if-missing"],
        cwd=clone, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert "not rebuilt" in again.stderr
    old = os.environ.get("BRIEFMAP_STORE")
    os.environ["BRIEFMAP_STORE"] = str(store_path)  # as the Makefile's run target sets it
    try:
        at = AppTest.from_file(str(clone / "dashboard.py"), default_timeout=120).run()
    finally:
        if old is None:
            os.environ.pop("BRIEFMAP_STORE")
        else:
            os.environ["BRIEFMAP_STORE"] = old
    assert not at.exception and not at.error
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored=no"],
        cwd=clone, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert status == ""


# -- what an added file says about itself (issue 16) ---------------------------------------
BODY_NO_HEADING = (
    "Rząd Litwy zamknął w poniedziałek przejście w Miednikach, a ciężarówki stoją w kolejce "
    "pod Wilnem. Przewoźnicy z Kłajpedy apelują do rządu o otwarcie drogi na Białoruś, bo "
    "każdy dzień postoju kosztuje ich firmy tysiące euro. Ministerstwo odpowiada, że decyzja "
    "wynika z oceny zagrożeń i zostanie przeanalizowana w przyszłym tygodniu.\n"
)


def test_an_upload_without_a_heading_is_titled_by_its_own_file_name(library):
    """Text written for this test: its first line is a sentence, not a heading."""
    draft = library.prepare("raport_granica_litwa.txt", BODY_NO_HEADING.encode())
    assert draft.brief.title == "raport granica litwa"
    assert ".reading" not in draft.brief.title and draft.brief.title_is_descriptive


def test_an_upload_with_a_heading_keeps_the_heading(library):
    draft = library.prepare("x_y.txt", ("Zamknięte Miedniki\n\n" + BODY_NO_HEADING).encode())
    assert draft.brief.title == "Zamknięte Miedniki"


@pytest.mark.parametrize(
    ("head", "when", "author"),
    [
        ("Publikacja: 22.10.2025\nAutor: Jan Kowalski\n\n", "2025-10-22", "Jan Kowalski"),
        ("Published 3 March 2025\nBy Anna Nowak\n\n", "2025-03-03", "Anna Nowak"),
        ("Opublikowano 5 września 2025 r.\n\n", "2025-09-05", None),
    ],
)
def test_a_date_and_author_printed_in_the_text_are_offered_with_where_they_were(
    library, head, when, author
):
    """Header lines written for this test, in the forms PISM/OSW-like pages print them."""
    draft = library.prepare("b.txt", ("Zamknięte Miedniki\n\n" + head + BODY_NO_HEADING).encode())
    assert draft.brief.date_start.isoformat() == when
    assert draft.found["date_start"] == when and "printed in the text" in draft.found["source"]
    if author:
        assert draft.brief.author == author and author in draft.found["source"]


def test_a_date_the_text_only_mentions_is_not_taken_for_its_publication(library):
    """The body names a day ("12 września 2025") but no line says it is the publication's."""
    text = "Zamknięte Miedniki\n\nDnia 12 września 2025 r. zamknięto przejście.\n" + BODY_NO_HEADING
    draft = library.prepare("b.txt", text.encode())
    assert "date_start" not in draft.found
