"""The ASCII fast pattern must cut exactly the same tokens, at the same offsets, as the full one."""
from hypothesis import given, settings, strategies as st

from engine.core.lexer import _ASCII_PATTERN, _PATTERN, offsets, tokenize

ASCII_SOURCE = st.text(alphabet=st.sampled_from(list("abxyzE_019.e+-*/^@()=,;#\n \t\r\f\v!'[]{}:")),
                       max_size=60)


@settings(max_examples=400, deadline=None)
@given(ASCII_SOURCE)
def test_ascii_pattern_matches_the_full_pattern(source):
    assert _ASCII_PATTERN.findall(source) == _PATTERN.findall(source)
    assert [m.start(1) for m in _ASCII_PATTERN.finditer(source)] == \
        [m.start(1) for m in _PATTERN.finditer(source)]


def test_tokens_and_offsets_of_a_textbook_program():
    source = "d = 2b\ne = a + d  # named\nL = c(e)**2"
    kinds, texts = tokenize(source)
    assert texts == ["d", "=", "2", "b", "\n", "e", "=", "a", "+", "d", "# named", "\n",
                     "L", "=", "c", "(", "e", ")", "^", "2"]
    assert kinds[2:4] == ["num", "name"] and kinds[10] == "comment" and kinds[18] == "op"
    assert [source[o] for o in offsets(source)][:4] == ["d", "=", "2", "b"]


def test_unicode_sources_use_the_full_pattern():
    kinds, texts = tokenize("L = σ(z)·w − b²")
    assert texts == ["L", "=", "sigmoid", "(", "z", ")", "*", "w", "-", "b", "²"]
    assert kinds[-1] == "sup"
