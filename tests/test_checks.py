"""Editorial checks (issue 10): spelling slips, name variants, conflicting figures, and the
``warta check`` command.

Sentences with slips are composed here; real sentences that must not be flagged are read
from ``../shared/data/news`` at test time (skipped, with the reason, when it is absent).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import warta
import warta.pipeline
from conftest import GOLD_DIR, NEWS_CSV, need
from warta.cli import main
from warta.components.checks import figure_conflicts, format_findings
from warta.record import Check, Count, Span
from warta.spelling import is_known, one_edit, roots, suggest, suggest_name

JUDGED = Path(__file__).parent / "data" / "checks" / "spelling_judged.jsonl"


def _checks(nlp: warta.Pipeline, text: str, **kw: str) -> list[tuple[str, str, str | None]]:
    return [(c.kind, c.found, c.suggest) for c in nlp.extract(text, **kw).checks]


# --- words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    [
        "menstabilkan",  # meN- + stabil + -kan
        "dikerahkannya",  # di- + kerah + -kan + -nya
        "kepilih",  # colloquial ke- passive
        "pengunjuk",  # peN- + unjuk
        "diperhatikan",  # di- + per- + hati + -kan
        "menyerang",  # meny- restores s-
        "luka-luka",  # reduplication
        "tembak-menembak",
        "dibedakin",  # Jakarta -in
        "metodologis",  # loan suffix -is for -i
        "whistleblower",  # English
    ],
)
def test_inflected_and_loan_words_are_known(word: str) -> None:
    assert is_known(word)
    assert suggest(word) is None


@pytest.mark.parametrize(
    ("slip", "fix"),
    [
        ("delaapan", "delapan"),
        ("perushaan", "perusahaan"),
        ("kebijkan", "kebijakan"),
        ("psoitif", "positif"),  # swapped neighbours
        ("mendapatka", "mendapatkan"),
        ("peristwa", "peristiwa"),
        ("inflasii", "inflasi"),  # -i never follows a root ending in i
    ],
)
def test_slips_get_the_frequent_word(slip: str, fix: str) -> None:
    assert not is_known(slip)
    assert suggest(slip) == fix


def test_short_words_and_rare_suggestions_are_left_alone() -> None:
    assert suggest("tegas") is None  # a word, one letter from "tewas"
    assert suggest("jugaa") is None or suggest("jugaa") == "juga"
    assert suggest("albasia") is None  # a tree (listed), never "albania"
    assert "stabil" in roots("menstabilkan")


def test_one_edit() -> None:
    assert one_edit("delaapan", "delapan")
    assert one_edit("psoitif", "positif")
    assert not one_edit("tewas", "tewas")
    assert not one_edit("bolak", "balik")


def test_names_are_corrected_only_to_places_or_names_written_more_often() -> None:
    assert suggest_name("Amenia", ["Armenia"]) == "Armenia"
    assert suggest_name("Baten", []) == "Banten"  # a province of the gazetteer
    assert suggest_name("Kajari", ["Kejari"]) is None  # another acronym, not a slip
    assert suggest_name("Argentino", ["Argentina"]) is None  # another language
    assert suggest_name("Tokayev", []) is None


# --- the stage on composed text --------------------------------------------------------


def test_composed_slips_are_flagged(nlp: warta.Pipeline) -> None:
    text = (
        "Polisi masih menyelidiki penyebab kebakaran gedung di Jalan Sudirman. Api berhasil "
        "dipadamkan setelah petugas bekerja selama tiga jam, dan tidak ada korban jiwa dalam "
        "peristwa tersebut."
    )
    assert ("spelling", "peristwa", "peristiwa") in _checks(nlp, text)


def test_a_word_repeated_is_a_term_not_a_slip(nlp: warta.Pipeline) -> None:
    text = (
        "Olahraga padel kian digemari. Lapangan padel baru dibuka di Jakarta Selatan, dan "
        "turnamen padel pertama akan digelar bulan depan."
    )
    assert not [c for c in _checks(nlp, text) if c[0] == "spelling"]


def test_name_variant_suggests_the_spelling_used_most(nlp: warta.Pipeline) -> None:
    text = (
        "Kapolda Metro Jaya Irjen Karyoto mengatakan pelaku sudah ditangkap. Menurut Karyoto, "
        'pelaku berjumlah tiga orang. "Kami masih mendalami motifnya," kata Karyoto. Kaaryoto '
        "menambahkan bahwa barang bukti telah disita."
    )
    assert ("name-variant", "Kaaryoto", "Karyoto") in _checks(nlp, text)


def test_conflicting_figures(nlp: warta.Pipeline) -> None:
    text = (
        "Sebanyak 5 orang tewas dalam kecelakaan bus di Tol Cipularang.\n\n"
        "Polisi mengatakan 7 orang tewas dalam kecelakaan itu."
    )
    found = [c for c in nlp.extract(text).checks if c.kind == "conflicting-figure"]
    assert [(c.found, c.suggest) for c in found] == [("7 orang tewas", "5 orang tewas")]


def test_an_update_is_no_conflict(nlp: warta.Pipeline) -> None:
    text = (
        "Sebanyak 5 orang tewas dalam kecelakaan bus di Tol Cipularang.\n\n"
        "Korban kemudian bertambah menjadi 7 orang tewas setelah dua penumpang meninggal."
    )
    assert not [c for c in nlp.extract(text).checks if c.kind == "conflicting-figure"]


def test_total_smaller_than_its_parts(nlp: warta.Pipeline) -> None:
    text = "Kecelakaan itu menelan 10 korban. Sebanyak 8 orang tewas dan 5 orang luka-luka."
    found = [c for c in nlp.extract(text).checks if c.kind == "conflicting-figure"]
    assert [c.found for c in found] == ["10 korban"]
    assert "13" in found[0].message
    ok = "Kecelakaan itu menelan 13 korban. Sebanyak 8 orang tewas dan 5 orang luka-luka."
    assert not [c for c in nlp.extract(ok).checks if c.kind == "conflicting-figure"]


def test_figure_conflicts_needs_exact_values() -> None:
    counts = [
        Count("KILLED", 5, "orang", "5 orang tewas", 0, 13, mentions=[Span(0, 13)]),
        Count("KILLED", 7, "orang", "sekitar 7 orang tewas", 100, 121, approximate=True),
    ]
    assert figure_conflicts("x" * 200, counts) == []


def test_weekday_mismatch(nlp: warta.Pipeline) -> None:
    text = "Polisi menggelar jumpa pers di Jakarta, Kamis (7/1/2022), soal kasus itu."
    found = _checks(nlp, text, published="2022-01-07")
    assert [k for k, _, _ in found] == ["weekday-mismatch"]  # 7 January 2022 is a Friday


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "delaapan",
                "orang",
                "tewas",
                "Amenia",
                "Armenia",
                "luka-luka",
                "lika-luka",
                "5",
                "Kamis",
                "(7/1)",
                ".",
                ",",
                "\n",
                '"',
                "perushaan",
                "Tokayev",
                "Tokayeva",
                "korban",
                "money",
                "politic",
                "https://x.id/a",
            ]
        ),
        max_size=30,
    )
)
def test_findings_point_at_their_text(nlp: warta.Pipeline, words: list[str]) -> None:
    text = " ".join(words)
    for c in nlp.extract(text, published="2022-01-07").checks:
        assert text[c.start : c.end] == c.found
        assert c.suggest != c.found


# --- real sentences that must not be flagged ---------------------------------------------

#: Inflected forms, reduplications and English words that Detik writes and that no single
#: word list has in that form.
REAL_WORDS = (
    "pungkasnya",
    "mencontohkan",
    "berintegritas",
    "ditertibkan",
    "menggeledah",
    "dirincikan",
    "terselenggaranya",
    "langkah-langkah",
    "lembaga-lembaga",
    "whistleblower",
    "offshore",
    "untouchable",
)


@pytest.fixture(scope="module")
def news_texts() -> list[str]:
    with need(NEWS_CSV).open(encoding="utf-8", newline="") as fh:
        return [row["isi_berita"] for row in csv.DictReader(fh)]


@pytest.mark.parametrize("word", REAL_WORDS)
def test_real_sentences_with_inflected_and_english_words(
    nlp: warta.Pipeline, news_texts: list[str], word: str
) -> None:
    pattern = re.compile(rf"[^.\n]*(?<![\w-]){re.escape(word)}(?![\w-])[^.\n]*\.")
    sentence = next((m.group() for t in news_texts if (m := pattern.search(t))), None)
    if sentence is None:
        pytest.skip(f"{word!r} is not in the corpus")
    flagged = [c.found.lower() for c in nlp.extract(sentence.strip()).checks]
    assert word not in flagged, sentence


def test_real_articles_names_are_not_spelling_slips(
    nlp: warta.Pipeline, news_texts: list[str]
) -> None:
    """No person named in a real article is taken for a misspelt word."""
    for text in news_texts[:15]:
        article = nlp.extract(text)
        people = {
            text[m.start : m.end] for e in article.entities if e.type == "PER" for m in e.mentions
        }
        words = {w for p in people for w in p.split()}
        slips = {c.found for c in article.checks if c.kind == "spelling"}
        assert not slips & words


# --- gold and benchmark ------------------------------------------------------------------


def test_gold_checks_recall_and_precision(nlp: warta.Pipeline) -> None:
    from warta.evaluate import evaluate_dir

    report = evaluate_dir(
        need(GOLD_DIR), lambda text, published: nlp.extract(text, published=published)
    )
    assert report.macro["checks.recall"] == 1.0
    assert report.macro["checks.precision"] >= 0.8


def test_judgement_file_is_well_formed() -> None:
    rows = [json.loads(ln) for ln in JUDGED.read_text(encoding="utf-8").splitlines() if ln]
    assert rows
    for row in rows:
        assert set(row) == {"row", "found", "suggest", "verdict", "reason"}
        assert row["row"] % 8 == 0 and isinstance(row["verdict"], bool)
        assert len(row["reason"]) < 120


# --- the command ---------------------------------------------------------------------------


def test_format_findings_is_linter_style() -> None:
    text = "Judul\nAkibatnya delaapan orang tewas."
    check = Check("spelling", "delaapan", "delapan", 16, 24, "read as delapan")
    assert format_findings("a.txt", text, [check]) == [
        "a.txt:2:11: spelling: delaapan → delapan (read as delapan)"
    ]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    out = capsys.readouterr()
    return int(exit_info.value.code or 0), out.out, out.err


def test_cli_exit_codes(
    nlp: warta.Pipeline,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(warta.pipeline, "load", lambda *a, **k: nlp)
    slip = tmp_path / "slip.txt"
    slip.write_text("Pengemudi bus itu\njuga ditahan. Akibatnya delaapan orang tewas.\n")
    code, out, _ = _run(["check", str(slip)], capsys)
    assert code == 1
    assert out.startswith(f"{slip}:2:25: spelling: delaapan → delapan")
    clean = tmp_path / "clean.txt"
    clean.write_text("Presiden Joko Widodo meresmikan jalan tol di Jawa Tengah.\n")
    assert _run(["check", str(clean)], capsys)[0] == 0
    code, _, err = _run(["check", str(tmp_path / "missing.txt")], capsys)
    assert code == 2 and "no such file" in err
    assert _run(["check", str(tmp_path)], capsys)[0] == 2
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = _run(["check", str(empty)], capsys)
    assert code == 2 and "empty" in err
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01binary")
    assert _run(["check", str(binary)], capsys)[0] == 2


def test_cli_reads_stdin(
    nlp: warta.Pipeline, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    monkeypatch.setattr(warta.pipeline, "load", lambda *a, **k: nlp)
    stdin = io.TextIOWrapper(io.BytesIO(b"Akibatnya delaapan orang tewas."))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = _run(["check", "-"], capsys)
    assert code == 1 and out.startswith("<stdin>:1:11: spelling: delaapan → delapan")
