"""Unicode to LaTeX, character by character, for the documents' preamble (inputenc utf8, OT1 fonts,
amsmath, amssymb): any str becomes LaTeX that compiles and runs nothing.

`math_latex` sets mathematics written in Unicode (λ, σ̂², Σ|xᵢ − μ|, x₍₁₎) as math-mode LaTeX;
`text_latex` sets words: TeX's specials escaped, < > | and ligatures (!` ?` --) printed as typed,
accented letters kept or built from OT1's accents, anything else (CJK, emoji, control and bidi
characters) a ? or nothing. Both run in one pass over the text."""

from __future__ import annotations

import unicodedata

from symle.algebra.names import GREEK, GREEK_LATEX, GREEK_UNICODE

# Mathematics: each character with its math-mode LaTeX (√ and the primes are set by math_latex
# itself). The first block is how symle's own strings have always printed (the golden documents
# hold them); the rest is the same notation extended.
MATH: dict[str, str] = {
    **{GREEK_UNICODE[name]: GREEK_LATEX[name] for name in GREEK},  # ο (omicron) is o: no \omicron
    "Σ": "\\sum ",
    "Π": "\\prod ",
    "Γ": "\\Gamma ",
    "∫": "\\int ",
    "≤": "\\le ",
    "≥": "\\ge ",
    "−": "-",
    "ℓ": "\\ell ",
    "∂": "\\partial ",
    "∈": "\\in ",
    "×": "\\times ",
    "…": "\\dots ",
    "∞": "\\infty ",
    "√": "\\sqrt ",
    "·": "\\cdot ",
    "′": "'",
    "µ": "\\mu",
    **dict(zip("ΔΘΛΞΥΦΨΩ", ("\\" + g for g in "Delta Theta Lambda Xi Upsilon Phi Psi Omega".split()), strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX", strict=True)),
    **dict(zip("ςϑϕϵϱϖ", ("\\" + g for g in "varsigma vartheta phi epsilon varrho varpi".split()), strict=True)),
    **{
        ch: "\\" + name + " "
        for ch, name in zip(
            "±∓÷≠≈≡∼≃∝≪≫→←↔⇒⇐⇔↦∑∏∀∃∉⊂⊆⊃⊇∪∩∅∇∘⊗⊕∧∨¬⊥⋅∗∣⟨⟩ℏℵ∮",
            "pm mp div ne approx equiv sim simeq propto ll gg to leftarrow leftrightarrow Rightarrow Leftarrow "
            "Leftrightarrow mapsto sum prod forall exists notin subset subseteq supset supseteq cup cap emptyset "
            "nabla circ otimes oplus wedge vee neg perp cdot ast mid langle rangle hbar aleph oint".split(),
            strict=True,
        )
    },
    "‖": "\\| ",
    "″": "''",
    "‴": "'''",
    **{ch: "\\mathbb{" + ch2 + "}" for ch, ch2 in zip("ℝℕℤℚℂ", "RNZQC", strict=True)},
}
# ASCII in math mode: TeX's specials as the characters they are, the rest as typed
_MATH_ASCII = {
    "\\": "\\backslash ",
    "{": "\\{",
    "}": "\\}",
    "$": "\\$",
    "%": "\\%",
    "#": "\\#",
    "&": "\\&",
    "_": "\\_",
    "^": "\\hat{}",
    "~": "\\sim ",
}
# combining accents over a symbol: x̄ is \bar{x}, θ̂ is \hat{\theta}
MATH_ACCENTS = {
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0302": "hat",
    "\u0303": "tilde",
    "\u0304": "bar",
    "\u0305": "bar",
    "\u0306": "breve",
    "\u0307": "dot",
    "\u0308": "ddot",
    "\u030a": "mathring",
    "\u030c": "check",
    "\u20d7": "vec",
}
_BRACKETED = {"₍": "₎", "⁽": "⁾"}
_PRIMES = {"'": 1, "′": 1, "″": 2, "‴": 3}


def _script(ch: str) -> tuple[str, str] | None:
    """('^', 'n') for ⁿ, ('_', '1') for ₁: a superscript or subscript character and what it raises."""
    decomposition = unicodedata.decomposition(ch)
    for tag, mark in (("<super> ", "^"), ("<sub> ", "_")):
        if decomposition.startswith(tag):
            return mark, "".join(chr(int(code, 16)) for code in decomposition[len(tag) :].split())
    return None


def is_math_start(ch: str) -> bool:
    """A character that makes a run of a plain str mathematics: Greek, a math symbol, a raised or
    lowered character, a macron or hat over a letter, a bar |. (Those set as text, … · ™ ª, are words.)"""
    if ch in TEXT_AS_TYPED:
        return False
    return ch in MATH or ch in "|\u0304\u0302" or (ch > "\x7f" and _script(ch) is not None)


def continues_math(ch: str) -> bool:
    """A character a run of mathematics goes on through: letters and digits, parentheses, scripts, accents."""
    return ch.isascii() and (ch.isalnum() or ch in "()|") or is_math_start(ch) or unicodedata.combining(ch) > 0


def _plain(ch: str) -> str | None:
    """An unknown character's compatibility form, when that is ASCII or known math (ﬁ, Ａ, ‴)."""
    form = unicodedata.normalize("NFKC", ch)
    if form != ch and all((c.isascii() and c.isprintable()) or c in MATH for c in form):
        return form
    return None


def _one_token(latex: str) -> bool:
    """LaTeX that \\sqrt can take as its argument without braces: one ASCII letter or digit, one control word."""
    latex = latex.strip()
    return latex.isascii() and (latex.isalnum() and len(latex) == 1 or latex[:1] == "\\" and latex[1:].isalpha())


MAX_WRAPS = 3  # accents and braces around one symbol, at most: TeX's groups nest only so deep


class _Math:
    """Math being built: its pieces of LaTeX, where the last atom starts, the scripts it carries
    and how often it has been wrapped (braced or accented)."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.atom = 0  # index in out where the last atom starts
        self.scripts: set[str] = set()  # "^", "_" or "'" already on the last atom
        self.wraps = 0

    def add(self, latex: str) -> None:
        """A new atom, after a space if a control word would otherwise run into it (\\lambda x)."""
        if latex[:1].isalpha() and self.out and _ends_in_control_word(self.out[-1]):
            self.out.append(" ")
        self.atom = len(self.out)
        self.scripts = set()
        self.wraps = 0
        self.out.append(latex)

    def space(self) -> None:
        self.out.append(" ")

    def script(self, mark: str, latex: str) -> None:
        """A superscript (^, or ' a prime) or subscript (_) on the last atom. TeX allows one of
        each (a prime before ^): a second one braces the atom first, {x_{1}}_{i}, or when it is
        wrapped enough already, goes on an empty atom, x_{1}{}_{i}."""
        kind = "_" if mark == "_" else "^"
        if not self.out or kind in self.scripts or (mark == "'" and "^" in self.scripts):
            if self.out and self.wraps < MAX_WRAPS:
                self._wrap("{", "}")
            else:
                self.add("{}")
        self.scripts.add(kind if mark != "'" else "'")
        self.out.append("'" if mark == "'" else f"{mark}{{{latex}}}")

    def accent(self, command: str) -> None:
        """An accent over the last atom with its scripts: \\bar{x}, \\hat{\\sigma}; over nothing, or
        over a symbol accented enough already, none."""
        if self.out and self.wraps < MAX_WRAPS:
            self._wrap(f"\\{command}{{", "}")

    def _wrap(self, left: str, right: str) -> None:
        inner = "".join(self.out[self.atom :]).strip()
        if self.atom and self.out[self.atom - 1].endswith("\\sqrt "):
            left, right = "{" + left, right + "}"  # \sqrt takes one token: {\bar{x}}, not \bar
        del self.out[self.atom :]
        self.out.append(left + inner + right)
        self.scripts = set()
        self.wraps += 1

    def feed(self, text: str) -> None:
        k, n = 0, len(text)
        while k < n:
            k = self._char(text, k, n)

    def _char(self, text: str, k: int, n: int) -> int:
        """Takes the character at k (with the scripts that go with it); returns where the next starts."""
        ch = text[k]
        scripted = _script(ch) if ch > "\x7f" and ch not in TEXT_AS_TYPED else None
        if scripted is not None:
            return self._scripts(text, k, n, scripted[0])
        following = text[k + 1] if k + 1 < n else ""
        if ch == "√":  # \sqrt over the one token after it (√n); with none to take, the sign alone
            simple = following != "√" and _one_token(MATH.get(following, following))
            self.add("\\sqrt " if simple or following == "(" else "\\surd ")
        elif ch in _PRIMES:
            for _ in range(_PRIMES[ch]):
                self.script("'", "")
        elif unicodedata.combining(ch):
            if ch in MATH_ACCENTS:
                self.accent(MATH_ACCENTS[ch])
        elif ch in MATH:
            self.add(MATH[ch])
        elif ch == " " or unicodedata.category(ch)[0] in "CZ":
            self.space()
        elif ch.isascii():
            self.add(_MATH_ASCII.get(ch, ch))
        elif (form := _plain(ch)) is not None:
            self.feed(form)
        else:
            self.add("?")
        return k + 1

    def _scripts(self, text: str, k: int, n: int, mark: str) -> int:
        """A subscript character (₍ₙ₎ whole), or consecutive superscripts as one exponent (x⁻¹, x¹⁰)."""
        end = k + 1
        if text[k] in _BRACKETED:
            close = text.find(_BRACKETED[text[k]], k + 1, k + 12)
            if close > 0 and all(_script(c) for c in text[k + 1 : close]):
                end = close + 1
        elif mark == "^":
            while end < n and text[end] > "\x7f" and (_script(text[end]) or ("",))[0] == "^":
                end += 1
        raised = "".join((_script(c) or ("", ""))[1] for c in text[k:end])
        self.script(mark, math_latex(raised))
        return end


def _ends_in_control_word(latex: str) -> bool:
    stem = latex.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return stem != latex and stem.endswith("\\") and not stem.endswith("\\\\")


def math_latex(text: str) -> str:
    """Unicode mathematics as math-mode LaTeX, for any text: σ̂⁴ is \\hat{\\sigma}^{4}, x₍₁₎ x_{(1)},
    x₁ᵢ {x_{1}}_{i}, x²² x^{22}; TeX's specials are escaped and an unknown character is a ?."""
    math = _Math()
    math.feed(text)
    return "".join(math.out).strip()


# ---------------------------------------------------------------------------------------------
# words

TEXT_ESCAPES = {  # every TeX special, and what OT1 would print as another glyph (< as ¡, | as —)
    "\\": "\\textbackslash{}",
    "%": "\\%",
    "&": "\\&",
    "#": "\\#",
    "_": "\\_",
    "{": "\\{",
    "}": "\\}",
    "$": "\\$",
    "~": "\\~{}",
    "^": "\\^{}",
    "<": "\\textless{}",
    ">": "\\textgreater{}",
    "|": "\\textbar{}",
}
# characters the utf8 input encoding sets in OT1 as they are (accented Latin, dashes, quotes, ...)
TEXT_AS_TYPED = frozenset(
    "\u00a0¡¢£¤¥¦§¨©ª®¯°´¶¸º¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŁłŠšŸŽž‐‑‒–—―‘’“”†‡•…‰‱™€·"
)
# OT1's accents, by the combining character (ogonek and the like exist only in T1: dropped)
TEXT_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0331": "b",
}
TEXT_LETTERS = {"ı": "\\i{}", "ȷ": "\\j{}", "«": "``", "»": "''", "‹": "`", "›": "'", "„": "``", "‚": "`"}


def _letter(base: str, marks: str) -> str:
    """A letter with combining accents: OT1's accents over an ASCII letter (\\'{e}, \\v{\\i}), else
    the letter alone."""
    if not (base.isascii() and base.isalpha()):
        return _text_char(base)
    out = base
    for mark in marks:
        accent = TEXT_ACCENTS.get(mark)
        if accent is None:
            continue
        if out in ("i", "j") and mark < "\u0323":  # an accent above i or j drops its dot
            out = "\\" + out
        out = f"\\{accent}{{{out}}}"
    return out


def _text_char(ch: str) -> str:
    if ch.isascii():
        return TEXT_ESCAPES.get(ch, ch) if ch.isprintable() else " "
    if ch in TEXT_AS_TYPED:
        return ch
    if ch in TEXT_LETTERS:
        return TEXT_LETTERS[ch]
    category = unicodedata.category(ch)
    if category in ("Cf", "Cn", "Co", "Cs") or category.startswith("M"):
        return ""  # bidi and zero-width marks, unassigned, private, lone accents: nothing to print
    if category[0] in "CZ":
        return " "  # control characters, line and paragraph separators, other spaces
    decomposed = unicodedata.normalize("NFD", ch)
    if decomposed != ch:
        return _letter(decomposed[0], decomposed[1:])
    form = _plain(ch)
    if form is not None and form.isascii():
        return "".join(_text_char(c) for c in form)
    return "?"


def text_latex(text: str) -> str:
    """Words as TeX sets them literally: specials escaped, -- and !` ?` not ligatures, an accented
    letter as itself or with OT1's accents, anything else as ? (control characters as spaces)."""
    out: list[str] = []
    k, n = 0, len(text)
    while k < n:
        ch = text[k]
        end = k + 1
        while end < n and unicodedata.combining(text[end]):
            end += 1
        piece = _letter(ch, text[k + 1 : end]) if end > k + 1 else _text_char(ch)
        if out and out[-1][-1:] + piece[:1] in ("--", "!`", "?`"):
            out.append("{}")  # -- is an en dash, !` ¡ and ?` ¿ in OT1: the characters as typed
        out.append(piece)
        k = end
    return "".join(out)
