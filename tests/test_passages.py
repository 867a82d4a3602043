"""Word normalisation, the shingle index and word alignment."""
import pytest

from quotetrack.passages import PassageIndex, normal_words
from quotetrack.records import Document


@pytest.fixture(scope="module")
def spelling(rules):
    return rules.spelling_map()


@pytest.mark.parametrize("a, b", [
    ("Another wave", "another WAVE"),
    ("don’t stop", "don't stop"),
    ("“We will win,” he", "we will win he"),
    ("air defence", "air defense"),
    ("Café  crème", "cafe creme"),
    ("in Kiev", "in Kyiv"),
])
def test_normal_words_equal(spelling, a, b):
    assert normal_words(a, spelling).norms == normal_words(b, spelling).norms


@pytest.mark.parametrize("a, b", [("four", "for"), ("crimes", "attacks"), ("on-site", "onsite")])
def test_normal_words_different(spelling, a, b):
    assert normal_words(a, spelling).norms != normal_words(b, spelling).norms


def test_offsets_point_into_the_text(spelling):
    text = "He said: “Colour me, please.”"
    words = normal_words(text, spelling, 9)
    assert words.norms == ("colour", "me", "please")
    assert [text[s:e] for s, e in zip(words.starts, words.ends)] == ["Colour", "me", "please"]


def _index(spelling, *texts):
    return PassageIndex([Document(f"d{n}", t) for n, t in enumerate(texts)], spelling)


def test_search_finds_the_document_and_the_span(spelling):
    index = _index(spelling, "Nothing to see here at all today.",
                   "Last night we were attacked. Another wave of terrorist crimes, he wrote.")
    [hit] = index.search(normal_words("another wave of terrorist crimes", spelling).norms)
    words = index.words(hit.doc)
    assert hit.doc == 1 and hit.common == 5 and hit.similarity == 1.0
    assert words.norms[hit.first:hit.last] == ("another", "wave", "of", "terrorist", "crimes")


def test_a_repeated_first_word_does_not_stretch_the_span(spelling):
    index = _index(spelling, "Every act of terror proves it. Every air defence system saves lives.")
    [hit] = index.search(normal_words("Every air defense system saves lives", spelling).norms)
    assert hit.last - hit.first == 6 and hit.similarity == 1.0


def test_changed_edge_words_stay_in_the_span(spelling):
    index = _index(spelling, "We said that the attack came at night from the north.")
    [hit] = index.search(normal_words("the attack came at dawn", spelling).norms)
    assert index.words(0).norms[hit.first:hit.last] == ("the", "attack", "came", "at", "night")


def test_long_document_region(spelling):
    filler = " ".join(f"word{n}" for n in range(3000))
    index = _index(spelling, f"{filler} the quick brown fox jumps over the lazy dog {filler}")
    [hit] = index.search(normal_words("quick brown fox jumps over", spelling).norms)
    assert index.words(0).norms[hit.first:hit.last] == ("quick", "brown", "fox", "jumps", "over")


def test_short_quotes_only_in_documents_given(spelling):
    index = _index(spelling, "It was probably over.")
    assert index.search(("probably",)) == []
    [hit] = index.search(("probably",), scan=[0])
    assert hit.common == 1


def test_within_limits_the_candidates(spelling):
    index = _index(spelling, "we will fight on the beaches", "we will fight on the beaches")
    assert [a.doc for a in index.search(("we", "will", "fight", "on"), within={1})] == [1]


from hypothesis import given, settings, strategies as st  # noqa: E402

_WORDS = st.lists(st.sampled_from(["we", "will", "win", "the", "war", "Colour", "color", "…",
                                   "“", "”", ",", "don’t", "x"]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(doc=_WORDS, quote=_WORDS)
def test_search_never_crashes_and_stays_inside(rules, doc, quote):
    spelling = rules.spelling_map()
    text = " ".join(doc)
    index = PassageIndex([Document("d", text)], spelling)
    norms = normal_words(" ".join(quote), spelling).norms
    for hit in index.search(norms, scan=[0]):
        assert 0 <= hit.first <= hit.last <= len(index.words(0))
        assert hit.common <= len(norms) and 0.0 <= hit.similarity <= 1.0
