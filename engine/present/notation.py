"""The textbook's notation for names: `W1` → W^{[1]}, `w1_12` → w^{[1]}_{12}, `x1` → x_1, `alpha` → \\alpha.

Letters that the chapter indexes by layer (W, w, b, z, a) take the layer as a bracketed superscript;
any other letter followed by digits takes them as a subscript (x_1, y_2). Names of more than one letter
are set upright (\\mathrm{loss}) unless they are Greek letter names.
"""
import re

LAYER_LETTERS = frozenset("Wwbza")
GREEK = frozenset("""alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho
sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega""".split())
GREEK_LETTERS = dict(zip("αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΥΦΨΩ",
                         r"\alpha \beta \gamma \delta \epsilon \zeta \eta \theta \iota \kappa \lambda \mu"
                         r" \nu \xi \pi \rho \sigma \tau \upsilon \phi \chi \psi \omega \Gamma \Delta"
                         r" \Theta \Lambda \Xi \Pi \Sigma \Upsilon \Phi \Psi \Omega".split()))
_SPLIT = re.compile(r"^([^\W\d_]+?)(\d*)(?:_(\w+))?$")
_cache = {}


def latex_name(name):
    """LaTeX for an identifier (cached: the same names recur in every formula)."""
    tex = _cache.get(name)
    if tex is None:
        head = name.rstrip("0123456789")
        if len(head) == 1 and head.isascii() and head.isalpha():     # fast path: x, x1, W2, p123
            digits = name[1:]
            tex = head if not digits else (head + "^{[" + digits + "]}" if head in LAYER_LETTERS
                                           else head + "_{" + digits + "}")
        else:
            tex = _latex_name(name)
        if len(_cache) < 100_000:
            _cache[name] = tex
    return tex


def _base(word):
    if word in GREEK:
        return "\\" + word
    if len(word) == 1:
        return GREEK_LETTERS.get(word, word)
    if word.endswith("hat") and len(word) > 3:
        return "\\hat{" + _base(word[:-3]) + "}"
    return "\\mathrm{" + "".join(GREEK_LETTERS.get(ch, ch) for ch in word) + "}"


def _latex_name(name):
    m = _SPLIT.match(name)
    if not m or "_" in (m.group(3) or ""):     # my_var_name: upright, not a subscript inside a subscript
        return "\\mathrm{" + name.replace("_", "\\_") + "}"
    word, digits, sub = m.groups()
    if word.endswith("_"):
        word = word[:-1]
    tex = _base(word)
    if digits and word in LAYER_LETTERS:
        tex += "^{[" + digits + "]}"
        if sub:
            tex += "_{" + sub + "}"
    elif digits:
        tex += "_{" + digits + (sub and "," + sub or "") + "}"
    elif sub == "hat":
        tex = "\\hat{" + tex + "}"
    elif sub:
        tex += "_{" + sub + "}"
    return tex
