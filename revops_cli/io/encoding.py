"""Which encoding a text export is in, judged by how plausible the decoded text is.

SPEC contract 2 ("files as they come") for exports from beyond Western Europe: UTF-8
(with or without BOM), UTF-16, and the legacy code pages CRMs and Excel still write:
cp1252/Latin-1 (Western), cp1251/KOI8-R (Cyrillic), cp1250/ISO-8859-2 (Central
European), Shift-JIS (cp932)/EUC-JP (Japanese), GB18030 (Simplified Chinese), Big5
(cp950, Traditional Chinese) and EUC-KR (cp949, Korean).

Only lines holding a byte above 127 carry evidence (ASCII reads the same in all of
them), so those lines are decoded with every candidate that can decode them, and
each reading is scored:

* **mess** - charset-normalizer's ``mess_ratio``: accented letters in odd runs,
  letters of two scripts in one word, case flipping inside a word, symbols and
  control characters among letters, uncommon CJK ideographs;
* **alphabet** - each word's non-ASCII letters must all belong to one language's
  alphabet (``Příliš`` is Czech; ``Pøíliš`` mixes Danish ``ø`` and Czech ``š``,
  which no language does);
* **letter frequency** - Cyrillic read with the wrong Cyrillic code page swaps
  case and letters, which turns common Russian letters into rare ones.

The lowest score wins; ties go to the more common encoding. When the words that
decide are few, or another encoding reads them almost as well, the guess is
``assumed`` and :meth:`EncodingGuess.note` says so and how to override it
(``--encoding``). A cp1251 file with three Cyrillic words is read as Cyrillic,
never as ``Ïîáåäà`` without a word.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field

#: (Python codec, what the user is told) in the order ties are broken: the most common first.
CANDIDATES: tuple[tuple[str, str], ...] = (
    ("cp1252", "cp1252 (Western European)"),
    ("cp1251", "cp1251 (Cyrillic)"),
    ("cp1250", "cp1250 (Central European)"),
    ("cp932", "cp932 (Shift-JIS, Japanese)"),
    ("gb18030", "gb18030 (Simplified Chinese)"),
    ("cp949", "cp949 (EUC-KR, Korean)"),
    ("cp950", "cp950 (Big5, Traditional Chinese)"),
    ("euc_jp", "euc_jp (EUC-JP, Japanese)"),
    ("koi8_r", "koi8_r (KOI8-R, Cyrillic)"),
    ("iso8859_2", "iso8859_2 (ISO-8859-2, Central European)"),
)
LABELS = dict(CANDIDATES) | {
    "utf-8": "utf-8", "utf-8-sig": "utf-8 with BOM", "utf-16": "utf-16", "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be", "latin-1": "latin-1 (ISO-8859-1)",
}

#: Bytes of evidence decoded per candidate: lines with non-ASCII bytes, up to this much.
EVIDENCE_BYTES = 64 * 1024
#: Distinct non-ASCII cells/words scored at most.
MAX_TOKENS = 3000
#: Fewer non-ASCII words than this and the guess is only "assumed".
THIN_EVIDENCE_WORDS = 8
#: A runner-up scoring within this much of the winner makes the guess "assumed" too.
CLOSE_MARGIN = 0.15
#: Other readings within this much are named in the note as what the file could also be.
PLAUSIBLE_MARGIN = 0.5

# Non-ASCII letters (lower case) of the languages whose exports use these code pages.
_ALPHABETS: dict[str, str] = {
    "French": "àâæçéèêëîïôœùûüÿ",
    "German": "äöüß",
    "Spanish": "áéíñóúü",
    "Portuguese": "áâãàçéêíóôõú",
    "Italian": "àèéìíîòóù",
    "Catalan": "àçèéíïòóúü",
    "Dutch": "áéíóúàèëïöü",
    "Swedish/Finnish": "åäöé",
    "Danish/Norwegian": "æøåéó",
    "Icelandic": "áéíóúýþðæö",
    "Polish": "ąćęłńóśźż",
    "Czech": "áčďéěíňóřšťúůýž",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Hungarian": "áéíóöőúüű",
    "Croatian/Slovene": "čćđšž",
    "Romanian": "ăâîșşțţ",
    "Turkish": "çğıöşü",
}
_ALPHABET_SETS = [set(letters) for letters in _ALPHABETS.values()]
_RUSSIAN_COMMON = set("оеаинтсрвлкмдпуяыгзб")  # the 20 most frequent Russian letters (~85% of text)
_WORD = re.compile(r"[^\W\d_]+")
# A non-ASCII symbol glued to a letter ("£ód¼", "Za¿ó³æ") is a letter read with the wrong code page;
# quotes, apostrophes, dashes, the Catalan middle dot and trade marks sit next to letters in real text.
_GLUED_SYMBOL = re.compile(r"(?<=[^\W\d_])[^\w\s\x00-\x7f]|[^\w\s\x00-\x7f](?=[^\W\d_])")
_WORD_SYMBOLS = set("’‘´“”„‟«»‹›‚·–—™®©°¿¡…")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
_SEPARATORS = re.compile(rb'[ \t\r\n,;|"]+')


@dataclass(frozen=True)
class EncodingGuess:
    """The encoding chosen for a file, and how sure the choice is."""

    encoding: str  # a Python codec name
    confidence: str = "certain"  # certain | likely | assumed
    words: int = 0  # distinct non-ASCII words the choice rests on
    alternatives: tuple[str, ...] = field(default=())  # other encodings that read those words differently

    @property
    def label(self) -> str:
        return LABELS.get(self.encoding, self.encoding)

    def note(self, source: str) -> str | None:
        """One line for the read report when the evidence is thin; None when the choice is sure."""
        if self.confidence != "assumed":
            return None
        basis = (f"only {self.words} word{'' if self.words == 1 else 's'} with non-ASCII letters"
                 if self.words < THIN_EVIDENCE_WORDS else "text that reads almost as well in another encoding")
        if self.alternatives:
            return (f"{source}: encoding assumed {self.label} from {basis} (it could also be "
                    f"{', '.join(self.alternatives)}); if names or accents look wrong, run again with "
                    f"--encoding {self.alternatives[0]}.")
        return (f"{source}: encoding assumed {self.label} from {basis}; if names or accents look wrong, run again "
                "with --encoding and the file's encoding (utf-8, cp1252, cp1251, cp1250, cp932, gb18030, ...).")


def evidence_lines(data: bytes, limit: int = EVIDENCE_BYTES) -> bytes:
    """The lines of ``data`` that hold a byte above 127, joined, up to about ``limit`` bytes.

    Linear in the size of ``data``: numpy finds the high bytes, and each line is cut out around one
    (a regex for "a line with a high byte" backtracks over every ASCII line).
    """
    if data.isascii():
        return b""
    import numpy as np

    high = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) >= 0x80)
    out, size, at = [], 0, 0
    while size < limit and at < len(high):
        first = int(high[at])
        start = data.rfind(b"\n", 0, first) + 1
        end = data.find(b"\n", first)
        end = len(data) if end < 0 else end
        out.append(data[start:end])
        size += end - start + 1
        at = int(np.searchsorted(high, end, side="right"))
    return b"\n".join(out)


def evidence_tokens(data: bytes, limit: int = MAX_TOKENS) -> tuple[list[bytes], bool]:
    """The distinct cells/words of ``data`` that hold a byte above 127, in order of appearance, and
    whether the last of them runs to the end of ``data`` (a sample, or a file still being written,
    may end inside a character there).

    Split on ASCII space, tab, line breaks, ``,`` ``;`` ``|`` and ``"``: none of them is ever the
    second byte of a Shift-JIS, GB18030, Big5 or EUC-KR character, so every token decodes on its
    own in every candidate.
    """
    evidence = evidence_lines(data)
    tokens = [t for t in _SEPARATORS.split(evidence) if t and not t.isascii()]
    open_end = bool(tokens) and data.endswith(tokens[-1])
    unique = list(dict.fromkeys(tokens))[:limit]
    return unique, open_end and unique[-1] == tokens[-1]


def _decode_tokens(tokens: list[bytes], codec: str, open_end: bool) -> list[str] | None:
    """Each token decoded, or None when one does not decode; the last may end inside a character."""
    out = []
    for position, token in enumerate(tokens):
        text = _decodes(token, codec, final=not (open_end and position == len(tokens) - 1))
        if text is None:
            return None
        out.append(text)
    return out


def _decodes(data: bytes, codec: str, final: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(codec)().decode(data, final=final)
    except UnicodeDecodeError:
        return None


def _word_misfit(words: list[str]) -> float:
    """Share of non-ASCII words no language writes: letters of two scripts in one word
    (``높섟ΖⅩΘ``), or accented Latin letters that fit no single alphabet (``Pøíliš``)."""
    if not words:
        return 0.0
    misfits = 0
    for word in words:
        scripts = {_script(c) for c in word}
        if len(scripts) > 1 and not any(scripts <= allowed for allowed in _SCRIPTS_TOGETHER):
            misfits += 1
        elif scripts == {"latin"}:
            accented = {c for c in word.lower() if not c.isascii()}
            misfits += not any(accented <= letters for letters in _ALPHABET_SETS)
    return misfits / len(words)


#: Scripts that share words: Japanese mixes kanji and kana; Korean may write hanja.
_SCRIPTS_TOGETHER = ({"han", "hiragana", "katakana"}, {"hangul", "han"})


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    if char.isascii():
        return "latin"
    name = unicodedata.name(char, "")
    for prefix, script in (("LATIN", "latin"), ("CYRILLIC", "cyrillic"), ("CJK", "han"), ("HIRAGANA", "hiragana"),
                           ("KATAKANA", "katakana"), ("HALFWIDTH KATAKANA", "katakana"), ("HANGUL", "hangul"),
                           ("GREEK", "greek")):
        if name.startswith(prefix):
            return script
    return name.split(" ", 1)[0].lower() if name else "unknown"


def _cyrillic_rarity(words: list[str]) -> float:
    """How far the Cyrillic letters are from Russian's usual mix (0: typical, up to 1: all rare)."""
    letters = [c for w in words for c in w.lower() if _script(c) == "cyrillic"]
    if len(letters) < 4:
        return 0.0
    common = sum(c in _RUSSIAN_COMMON for c in letters) / len(letters)
    return max(0.0, 0.8 - common) * 2  # real text: ~0.85 common; a wrong code page: ~0.5


_LANGUAGE_OF = {"cp932": "ja", "euc_jp": "ja", "gb18030": "zh-hans", "cp950": "zh-hant", "cp949": "ko"}


@lru_cache(maxsize=65536)
def _common_in(char: str, language: str) -> bool:
    """Whether a CJK character is everyday text in that language: kana in Japanese, the KS X 1001
    hangul syllables in Korean, and the first-level ideographs of each national standard (JIS X
    0208 level 1, GB 2312 level 1, Big5's frequent block). Wrong code pages give the rest."""
    script = _script(char)
    if script in ("hiragana", "katakana"):
        return language == "ja"
    if script == "hangul":
        return language == "ko" and len(_encodes(char, "euc_kr")) == 2  # not the 8-byte annex form
    if script != "han":
        return not unicodedata.category(char).startswith(("L", "N", "S"))  # CJK punctuation is fine
    if language == "ja":
        code = _encodes(char, "euc_jp")
        return bool(code) and 0xB0 <= code[0] <= 0xCF
    if language == "zh-hans":
        code = _encodes(char, "gb2312")
        return bool(code) and 0xB0 <= code[0] <= 0xD7
    if language == "zh-hant":
        code = _encodes(char, "big5")
        return bool(code) and b"\xa4\x40" <= code <= b"\xc6\x7e"
    return False  # hanja in a Korean export: rare today


def _encodes(char: str, codec: str) -> bytes:
    try:
        return char.encode(codec)
    except UnicodeEncodeError:
        return b""


def _cjk_rarity(text: str, codec: str) -> float:
    """Share of a CJK reading's non-ASCII characters that are not everyday text in its language."""
    language = _LANGUAGE_OF.get(codec)
    if language is None:
        return 0.0
    chars = [c for c in text if not c.isascii() and not c.isspace()]
    if not chars:
        return 0.0
    return sum(not _common_in(c, language) for c in chars) / len(chars)


def _korean_in_disguise(text: str, codec: str) -> float:
    """Korean's 2,350 everyday syllables fill rows B0-C8 of the 94x94 table that EUC-KR, GB 2312 and
    EUC-JP share, so Korean read as Chinese or Japanese gives ideographs from those rows only; real
    Chinese or Japanese text also uses the rows after them. A penalty growing with the evidence."""
    if codec not in ("gb18030", "euc_jp") or (codec == "euc_jp" and any(
            _script(c) in ("hiragana", "katakana") for c in text)):  # kana: Japanese after all
        return 0.0
    table = "gb2312" if codec == "gb18030" else "euc_jp"
    leads = [code[0] for c in text if _script(c) == "han" and len(code := _encodes(c, table)) == 2]
    if len(leads) < 4 or any(lead > 0xC8 for lead in leads):
        return 0.0
    return min(0.6, 0.05 * len(leads))


def _score(text: str, codec: str = "") -> float:
    """Implausibility of a decoded reading: 0 for text that reads naturally, higher the odder it is."""
    from charset_normalizer.md import mess_ratio

    words = [w for w in _WORD.findall(text) if not w.isascii()]
    controls = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Co", "Cn") and c not in "\t\r\n")
    glued = sum(1 for m in _GLUED_SYMBOL.finditer(text) if m.group() not in _WORD_SYMBOLS)
    non_ascii = sum(1 for c in text if not c.isascii())
    # Half-width katakana are rare in today's exports, and what bytes of Chinese text become in Shift-JIS.
    halfwidth = len(_HALFWIDTH_KANA.findall(text)) / max(1, non_ascii)
    score = mess_ratio(text, 1.0) + _word_misfit(words) + _cyrillic_rarity(words) + _cjk_rarity(text, codec)
    score += 0.3 * halfwidth + _korean_in_disguise(text, codec)
    score += min(1.0, glued / max(1, len(words))) + 5.0 * controls / max(1, len(words))
    return score


def guess_encoding(data: bytes, *, complete: bool = True) -> EncodingGuess:
    """The encoding of a text export's bytes (a sample, or the whole file; ``complete`` is kept for
    callers, since a last character cut in two is judged the same either way).

    BOMs and UTF-16's zero bytes decide at once; text that is valid UTF-8 is UTF-8; otherwise
    every legacy candidate that decodes the evidence is scored and the most plausible wins.
    """
    if data.startswith(codecs.BOM_UTF8):
        return EncodingGuess("utf-8-sig")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return EncodingGuess("utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return EncodingGuess(utf16)
    tokens, open_end = evidence_tokens(data)
    utf8 = _decode_tokens(tokens, "utf-8", open_end)
    # Valid UTF-8 is UTF-8; one that ends inside a character counts only when some other character
    # before it was UTF-8 (a lone "é" byte at the end is a legacy character, not half of one).
    if not tokens or (utf8 is not None and (not open_end or not "".join(utf8).isascii())):
        return EncodingGuess("utf-8")
    readings: list[tuple[float, int, str, list[str]]] = []  # score, order, codec, decoded tokens
    for order, (codec, _label) in enumerate(CANDIDATES):
        decoded = _decode_tokens(tokens, codec, open_end)
        if decoded is not None:
            readings.append((_score(" ".join(decoded), codec), order, codec, decoded))
    if not readings:
        return EncodingGuess("latin-1", confidence="assumed", words=len(tokens))
    readings.sort(key=lambda r: (r[0], r[1]))
    _, _, best, best_tokens = readings[0]
    # How much worse each other reading is, judged on the tokens the two read differently.
    margins = []
    for _, _, codec, decoded in readings[1:]:
        differ = [i for i, (a, b) in enumerate(zip(best_tokens, decoded)) if a != b]
        if differ:
            mine = _score(" ".join(best_tokens[i] for i in differ), best)
            margins.append((_score(" ".join(decoded[i] for i in differ), codec) - mine, codec))
    margins.sort()
    close = [codec for margin, codec in margins if margin < CLOSE_MARGIN]
    plausible = [codec for margin, codec in margins if margin < PLAUSIBLE_MARGIN]
    words = len(tokens)
    if close or words < THIN_EVIDENCE_WORDS:
        return EncodingGuess(best, "assumed", words, tuple(plausible[:3]))
    return EncodingGuess(best, "likely", words)


def _utf16_without_bom(data: bytes) -> str | None:
    pairs = data[: min(len(data), 4000) // 2 * 2]
    if len(pairs) < 4:
        return None
    odd_zero = pairs[1::2].count(0) / (len(pairs) / 2)
    even_zero = pairs[0::2].count(0) / (len(pairs) / 2)
    if odd_zero > 0.4 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def check_encoding_name(name: str) -> str:
    """The Python codec for a user's ``--encoding`` value; ValueError with the common names when unknown."""
    cleaned = name.strip().lower().replace("_", "-")
    aliases = {"shift-jis": "cp932", "sjis": "cp932", "big5": "cp950", "euc-kr": "cp949", "gbk": "gb18030",
               "gb2312": "gb18030", "latin1": "latin-1", "iso-8859-1": "latin-1", "utf8": "utf-8"}
    cleaned = aliases.get(cleaned, cleaned)
    try:
        return codecs.lookup(cleaned).name
    except LookupError:
        known = ", ".join(["utf-8", "utf-16", *(c for c, _ in CANDIDATES), "latin-1"])
        raise ValueError(f"unknown encoding {name!r}; use one of {known}") from None
