"""Deterministic candidate finder for the hand-checked place mentions in places.jsonl.

Input: ../shared/data/news/detik_1000_train80.csv (read in place, never copied).
Output: one tab-separated line per candidate on stdout: pass, row position, source_row, start,
    end, cue, mention, context (the context is for the annotator's eyes only, never saved).
Example: "Banjir melanda Kabupaten Sleman" yields the candidate "Sleman" (cue "Kabupaten").

Candidates are only proposals: every kept mention in places.jsonl was read in context and
decided by hand (see README.md); candidates that are not places were dropped by hand.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
NEWS_CSV = SHARED / "data" / "news" / "detik_1000_train80.csv"

ADMIN = r"Kabupaten|Kab\.|Kota|Provinsi|Prov\.|Kecamatan|Kec\.|Desa|Kelurahan|Jalan|Jl\."
PREP = r"di|ke|dari"
WORD = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?"
NAME = rf"{WORD}(?: {WORD}){{0,2}}"
CUE_RE = re.compile(rf"\b(?P<cue>{ADMIN}|{PREP}) (?P<name>{NAME})")

# Country and big-city names as Indonesian news spells them (written for this sampler).
NAMES = """Indonesia Malaysia Singapura Thailand Filipina Vietnam Myanmar Kamboja Laos Brunei
Timor Leste Australia Selandia Baru Jepang Korea Selatan Korea Utara China Tiongkok Taiwan India
Pakistan Bangladesh Afghanistan Iran Irak Suriah Lebanon Yordania Israel Palestina Gaza Mesir
Arab Saudi Qatar Yaman Turki Rusia Ukraina Amerika Serikat Kanada Meksiko Brasil Argentina
Inggris Prancis Perancis Jerman Italia Spanyol Belanda Belgia Swiss Swedia Norwegia Polandia
Venezuela Kolombia Nigeria Afrika Selatan Kazakhstan Uzbekistan Sudan Libya Tunisia Aljazair
Maroko Ethiopia Kenya Jakarta Surabaya Bandung Medan Semarang Makassar Palembang Yogyakarta
Denpasar Bali Papua Aceh Batam Bogor Depok Tangerang Bekasi Malang Solo Manado Pontianak
Balikpapan Samarinda Padang Pekanbaru Jambi Lampung Kupang Mataram Ambon Jayapura Beijing
Washington Moskow London Paris Tokyo Seoul Bangkok Manila Hanoi Canberra Sydney Dubai Riyadh
Mekkah Madinah Kairo Teheran Istanbul Ankara Berlin Roma Brussel Jenewa Den Haag New York
""".splitlines()
MULTI = ["Timor Leste", "Selandia Baru", "Korea Selatan", "Korea Utara", "Arab Saudi",
         "Amerika Serikat", "Afrika Selatan", "Den Haag", "New York"]  # fmt: skip
SINGLE = sorted({w for line in NAMES for w in line.split()} - {w for m in MULTI for w in m.split()})
LIST_RE = re.compile(r"\b(?P<name>" + "|".join(MULTI + SINGLE) + r")\b")

# Words that end a captured name: weekdays, months and common capitalised non-place words.
STOP = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu", "Januari", "Februari",
        "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November",
        "Desember", "Pukul", "Yang", "Dan", "Ini", "Itu", "Pada", "Dalam"}  # fmt: skip

# A candidate whose first word is one of these names a building, an institution or a non-place
# ("di Kantor Kemenkeu", "dari Rp 10 juta", "ke Presiden"): dropped before the hand check.
SKIP_FIRST = {"Rp", "Presiden", "Pemilu", "Kantor", "Gedung", "Bank", "Kementerian", "Pasar",
              "Hotel", "Pak", "Kemenko", "Kemenkeu", "Youtube", "World", "Grand", "Ronde", "Piala",
              "Departemen", "Pemerintahan", "Istana", "Kompleks", "Kemendagri"}  # fmt: skip


def trim(name: str) -> str:
    """Cut a captured name at the first stop word: "Jakarta Kamis" -> "Jakarta"."""
    kept: list[str] = []
    for w in name.split(" "):
        if w in STOP:
            break
        kept.append(w)
    return " ".join(kept)


def candidates(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, cue, name) for the cue and list matches of one article, in text order."""
    found: dict[int, tuple[int, int, str, str]] = {}
    for m in CUE_RE.finditer(text):
        name = trim(m.group("name"))
        if name and name.split(" ")[0] not in SKIP_FIRST:
            s = m.start("name")
            found[s] = (s, s + len(name), m.group("cue"), name)
    for m in LIST_RE.finditer(text):
        s = m.start("name")
        if not any(a <= s < b for a, b, _, _ in found.values()):
            found[s] = (s, m.end("name"), "list", m.group("name"))
    return [found[k] for k in sorted(found)]


def main(step: int = 5) -> None:
    """Print candidates for rows at positions 0, step, 2*step, ... then 1, 1+step, ... (passes)."""
    csv.field_size_limit(10**9)
    with NEWS_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for offset in range(step):
        for pos in range(offset, len(rows), step):
            text = rows[pos]["isi_berita"]
            for s, e, cue, name in candidates(text):
                ctx = text[max(0, s - 80) : e + 80].replace("\n", " ").replace("\t", " ")
                print(offset, pos, rows[pos]["source_row"], s, e, cue, name, ctx, sep="\t")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
