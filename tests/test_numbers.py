"""warta.numbers: Indonesian numbers in digits and in words.

num2words (lang="id") writes Indonesian number words; it is the oracle of the property test
(a test dependency only: the test skips without it).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.numbers import (
    correct_number_word,
    find_numbers,
    parse_number,
    read_number,
    tokenize,
    within_one_edit,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # digits with Indonesian separators
        ("1.500", 1500),
        ("17.711", 17711),
        ("1.164.839.894", 1164839894),
        ("2,8", 2.8),
        ("1,5 juta", 1500000),
        ("20,5 juta", 20500000),
        ("77 ribu", 77000),
        ("7,272 miliar", 7272000000),
        # words
        ("delapan", 8),
        ("sebelas", 11),
        ("tujuh belas", 17),
        ("dua puluh lima", 25),
        ("seratus", 100),
        ("tiga ratus tujuh belas", 317),
        ("seribu", 1000),
        ("seribu lima ratus", 1500),
        ("dua belas ribu tiga ratus empat puluh lima", 12345),
        ("satu juta lima ratus ribu", 1500000),
        ("setengah juta", 500000),
        ("satu setengah juta", 1500000),
        ("dua miliar", 2000000000),
        ("tiga juta", 3000000),
    ],
)
def test_values(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("Rp1,2 miliar", 1200000000, "IDR"),
        ("Rp 500 ribu", 500000, "IDR"),
        ("Rp14.250.000", 14250000, "IDR"),
        ("US$ 3 juta", 3000000, "USD"),
        ("USD 15,3 miliar", 15300000000, "USD"),
        ("3 juta dolar AS", 3000000, "USD"),
        ("5 miliar rupiah", 5000000000, "IDR"),
        ("Rp 13 T", 13000000000000, "IDR"),
        ("(Rp) 335 triliun", 335000000000000, "IDR"),
    ],
)
def test_money(text, value, currency):
    number = read_number(text)
    assert number is not None
    assert (number.value, number.currency) == (value, currency)


def test_scale_abbreviations_need_a_currency():
    # "5 M" is five metres (or a name); only "Rp 5 M" is five billion rupiah.
    assert parse_number("5 M") is None


@pytest.mark.parametrize(
    ("text", "value", "approximate", "lower_bound"),
    [
        ("2.000-an", 2000, True, False),
        ("puluhan", 20, True, True),
        ("belasan", 11, True, True),
        ("ratusan", 200, True, True),
        ("ribuan", 2000, True, True),
        ("puluhan ribu", 20000, True, True),
        ("ratusan ribu", 200000, True, True),
        ("sedikitnya 12", 12, False, True),
        ("setidaknya tujuh", 7, False, True),
        ("lebih dari 77 ribu", 77000, False, True),
        ("minimal 5", 5, False, True),
        ("8.000 lebih", 8000, False, True),
        ("sekitar 300", 300, True, False),
        ("hampir 68.000", 68000, True, False),
        ("sekitar 10 ribu lebih", 10000, True, True),
        ("delapan", 8, False, False),
    ],
)
def test_approximations_and_lower_bounds(text, value, approximate, lower_bound):
    number = read_number(text)
    assert number is not None
    assert (number.value, number.approximate, number.lower_bound) == (
        value,
        approximate,
        lower_bound,
    )


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("10-12", 10, 12), ("10 hingga 12", 10, 12), ("Rp 1,5-2 juta", 1500000, 2000000)],
)
def test_ranges(text, low, high):
    number = read_number(text)
    assert number is not None
    assert (number.value, number.upper) == (low, high)


def test_a_score_is_no_range():
    # "menang 2-1": the second is smaller, so no range is read
    assert read_number("2-1") is None


def test_percentages_are_marked():
    assert read_number("5%").percent
    assert read_number("3,5 persen").percent


def test_a_comparison_is_no_lower_bound():
    found = find_numbers(tokenize("5 lebih besar"))
    assert [(n.value, n.lower_bound) for n in found] == [(5, False)]


@pytest.mark.parametrize(("typo", "word"), [("delaapan", "delapan"), ("sembilam", "sembilan")])
def test_misspelt_number_words_are_read(typo, word):
    number = read_number(typo)
    assert number is not None
    assert number.typos == ((0, word),)
    assert correct_number_word(typo) == word


@pytest.mark.parametrize("word", ["sebelah", "balasan", "serang", "dia", "lama", "juga", "Rabu"])
def test_real_words_near_number_words_are_not_numbers(word):
    # "sebelah" (next to) is one letter from "sebelas", "dia" from "dua", "juga" from "juta"
    assert parse_number(word) is None


def test_edit_distance_one():
    assert within_one_edit("lika-luka", "luka-luka")
    assert within_one_edit("delaapan", "delapan")
    assert within_one_edit("tujuh", "tujhu")  # neighbouring letters swapped
    assert not within_one_edit("delapan", "delapan")
    assert not within_one_edit("ratusan", "ribuan")


def test_numbers_in_a_sentence_do_not_overlap():
    tokens = tokenize("Akibatnya delaapan orang tewas dan 317 luka-luka, kata polisi pukul 10.00.")
    found = find_numbers(tokens)
    assert [n.value for n in found] == [8, 317]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_num2words_round_trip(n):
    # up to 999 triliun: "kuadriliun" is beyond what news counts
    num2words = pytest.importorskip("num2words").num2words
    assert parse_number(num2words(n, lang="id")) == n


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,-%Rp$ abcdeijklmnoprstuwy", max_size=60))
def test_never_crashes_and_spans_stay_inside(text):
    tokens = tokenize(text)
    for number in find_numbers(tokens):
        assert 0 <= number.start <= number.core_start < number.core_end <= number.end
        assert number.end <= len(tokens)


def test_num2words_round_trip_for_every_number_up_to_two_thousand():
    num2words = pytest.importorskip("num2words").num2words
    wrong = [n for n in range(2001) if parse_number(num2words(n, lang="id")) != n]
    assert wrong == []
