import codecs

import pytest

from warta.errors import WartaInputError
from warta.io import decode_article_bytes, read_article_text


def test_utf8_with_and_without_bom():
    assert decode_article_bytes("“Aman,” katanya.".encode(), "x") == "“Aman,” katanya."
    assert decode_article_bytes(codecs.BOM_UTF8 + b"Berita", "x") == "Berita"
    assert decode_article_bytes("Berita hari ini".encode("utf-16"), "x") == "Berita hari ini"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty input"),
        (b"  \n\t ", "empty input"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 50, "binary data"),
        (bytes(range(1, 9)) * 100, "binary data"),
    ],
)
def test_bad_bytes_get_a_specific_reason(data, reason):
    with pytest.raises(WartaInputError, match=reason.replace("(", r"\(")) as err:
        decode_article_bytes(data, "berita.txt")
    assert str(err.value).startswith("berita.txt: ")


def test_windows_1252_without_a_flag_is_decoded_with_a_notice():
    # Decoding fallbacks are tested on a whole broken corpus in test_broken_inputs.py.
    from warta.io.text import decode_text

    decoded = decode_text("Kata \u201cteroris\u201d".encode("cp1252"), "berita.txt")
    assert decoded.text == "Kata \u201cteroris\u201d" and decoded.encoding == "cp1252"
    assert decoded.notices[0][1].startswith("not UTF-8: decoded as Windows-1252")


def test_an_explicit_encoding_decodes_windows_1252():
    data = "Kata \u201cteroris\u201d".encode("cp1252")
    assert decode_article_bytes(data, "x", encoding="cp1252") == "Kata \u201cteroris\u201d"
    with pytest.raises(WartaInputError, match="unknown encoding"):
        decode_article_bytes(data, "x", encoding="klingon")


def test_paths(tmp_path):
    with pytest.raises(WartaInputError, match="is a directory"):
        read_article_text(tmp_path)
    with pytest.raises(WartaInputError, match="no such file"):
        read_article_text(tmp_path / "nope.txt")
    ok = tmp_path / "ok.txt"
    ok.write_text("Berita singkat.", encoding="utf-8")
    assert read_article_text(ok) == "Berita singkat."
