"""Job titles: tidy the title and derive seniority and job function.

Lead Management SOP, Data hygiene: normalize job titles. Scoring and routing
read ``revops_seniority`` and ``revops_function`` instead of free text, so
``VP OF SALES``, ``vp, sales`` and ``Vice-President Sales`` all count the same.

Decisions encoded in :data:`TITLE_RULES` (ordered; for each of seniority and
function the first matching rule that sets it wins):

* C-suite titles take the function of their domain: CTO -> Engineering,
  CFO -> Finance, CMO -> Marketing, CRO -> Sales, CIO/CISO -> IT, COO ->
  Operations, CHRO -> HR, CPO -> Product; CEO, founder, owner, president,
  partner, managing director -> Executive.
* "Head of X" is Director; Controller is Manager (Finance); Partner alone is
  C-Level (Executive); Student and Retired are Other/Other; Intern is an
  individual contributor.
* "Assistant to ..." / executive assistants are individual contributors, whoever
  they assist. Deputy, assistant and associate sit one level below the role
  they qualify (Deputy CFO -> VP, Associate Director -> Manager, Assistant
  Manager -> Individual Contributor). Acting and interim holders are at the
  role's level.
* When a title names a domain and a kind of work, the domain wins: "Marketing
  Ops Specialist" is Marketing, "Sales Engineer" is Sales; RevOps and Revenue
  Operations are Operations; recruiters are HR whatever they recruit for.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from revops_cli.normalize.distinct import map_distinct

TITLE_COLUMNS = ("value", "flag", "rule", "revops_seniority", "revops_function")

FLAG_PLACEHOLDER = "placeholder title"
RULE_TIDY = "title_tidy"

SENIORITIES = ("C-Level", "VP", "Director", "Manager", "Individual Contributor", "Other")
FUNCTIONS = (
    "Sales", "Marketing", "Engineering", "IT", "Finance", "HR", "Operations",
    "Executive", "Customer Success", "Product", "Other",
)

IC = "Individual Contributor"
_CSUITE = r"ceo|cto|cfo|cmo|coo|cio|cro|ciso|cso|cpo|cdo|chro|cco|cao|cxo"
_LESSER = r"(deputy|assistant|asst|associate|assoc)"

# Patterns are regular expressions matched as whole words against the title
# lower-cased, accents folded (ä -> a), dotted initials joined (V.P. -> vp),
# "&" read as "and" and other punctuation read as spaces.
TITLE_RULES: tuple[dict[str, str], ...] = (
    # --- Not in a job -------------------------------------------------------
    {"pattern": r"^((mba|phd|graduate|undergraduate|university|college|high school) )?student$"
                r"|^(retired|unemployed|between jobs|looking for work|job seeker)$",
     "seniority": "Other", "function": "Other"},
    # --- Qualifiers that must beat the role named after them ------------------
    {"pattern": r"assistant (to|of|for)|(executive|personal|administrative|admin|office) assistant"
                r"|(ea|pa) to|secretary|receptionist|assistent(in)?|sekretar(in)?",
     "seniority": IC},
    {"pattern": r"(product|process|system|service|data|content|budget|risk) owner",
     "seniority": IC},
    {"pattern": r"business partner", "seniority": IC},
    {"pattern": r"team ?lead(er)?|teamleiter(in)?|group lead(er)?|squad lead",
     "seniority": "Manager"},
    {"pattern": r"chief of staff", "seniority": "Director", "function": "Executive"},
    {"pattern": _LESSER + r" (chief|" + _CSUITE + r"|managing director|president)",
     "seniority": "VP"},
    {"pattern": _LESSER + r" (vice president|vp)|avp", "seniority": "Director"},
    {"pattern": _LESSER + r"( \w+){0,2} (director|dir|head)", "seniority": "Manager"},
    {"pattern": _LESSER + r"( \w+){0,2} (manager|mgr)", "seniority": IC},
    # --- C-suite: level and domain together -----------------------------------
    {"pattern": r"ceo|chief executive( officer)?", "seniority": "C-Level", "function": "Executive"},
    {"pattern": r"cto|chief (technology|technical) officer",
     "seniority": "C-Level", "function": "Engineering"},
    {"pattern": r"cfo|chief financ(e|ial) officer", "seniority": "C-Level", "function": "Finance"},
    {"pattern": r"cmo|chief marketing officer", "seniority": "C-Level", "function": "Marketing"},
    {"pattern": r"cro|chief (revenue|sales|commercial) officer",
     "seniority": "C-Level", "function": "Sales"},
    {"pattern": r"cio|ciso|cdo|chief (information|information security|security|digital|data) officer",
     "seniority": "C-Level", "function": "IT"},
    {"pattern": r"coo|chief operat(ing|ions) officer", "seniority": "C-Level", "function": "Operations"},
    {"pattern": r"chro|chief (people|human resources|hr|talent) officer",
     "seniority": "C-Level", "function": "HR"},
    {"pattern": r"cpo|chief product officer", "seniority": "C-Level", "function": "Product"},
    {"pattern": r"chief customer( success)? officer",
     "seniority": "C-Level", "function": "Customer Success"},
    {"pattern": r"chief( \w+){1,3} officer|" + _CSUITE
                + r"|(co )?founder|cofounder|fundador(a)?|fondat(eur|rice)|grunder(in)?"
                r"|owner|inhaber(in)?|proprietor|(?<!vice )president|chair(man|woman|person)?"
                r"|board (member|director)|non executive director|managing director"
                r"|(managing|general|founding|senior|equity) partner|^partner$"
                r"|gesch(a|ae)ftsf(u|ue)hrer(in)?|vorstand\w*|directeur general|directrice generale"
                r"|pdg|director general|directora general|director ejecutivo|directora ejecutiva"
                r"|gerente general|amministratore delegato",
     "seniority": "C-Level"},
    # --- Levels ----------------------------------------------------------------
    {"pattern": r"vp|svp|evp|vice president(e|a)?|vicepresident(e|a)?|vize ?prasident(in)?",
     "seniority": "VP"},
    {"pattern": r"director(a)?|directeur|directrice|direktor(in)?|diretor(a)?|direttore|dir|head"
                r"|\w*leiter(in)?|general manager",
     "seniority": "Director"},
    {"pattern": r"manager(in)?|mgr|mngr|gerente|gestor(a)?|jefe|jefa|responsable|supervisor"
                r"|superintendent|foreman|leader|controller|comptroller|lead$",
     "seniority": "Manager"},
    {"pattern": r"engineer|developer|programmer|specialist|analyst|representative|rep|sdr|bdr|ae"
                r"|executive|associate|consultant|co ?ordinator|administrator|admin|designer"
                r"|architect|scientist|accountant|bookkeeper|recruiter|sourcer|assistant|intern"
                r"|internship|trainee|apprentice|writer|copywriter|editor|strategist|advis(o|e)r"
                r"|agent|clerk|technician|generalist|buyer|planner|producer|marketer|officer"
                r"|member|staff|contributor|professional|expert|tester|operator|researcher"
                r"|auditor|attorney|lawyer|counsel|paralegal|evangelist|advocate|scrum master"
                r"|principal|ic|seller|closer|sachbearbeiter(in)?|referent(in)?|\w*mitarbeiter(in)?"
                r"|berater(in)?|entwickler(in)?|ingenieur(in|e)?|ingenier(o|a)|desarrollador(a)?"
                r"|analista|consultor(a)?|vendedor(a)?|ejecutiv(o|a)|asesor(a)?|charge(e)?"
                r"|assistante|stagiaire|praktikant(in)?|werkstudent(in)?|commercial|comercial"
                r"|technicien|tecnico|developpeur|sviluppatore",
     "seniority": IC},
    # --- Functions (domain words before kinds of work) ----------------------------
    {"pattern": r"recruit\w*|talent acquisition|sourcer|headhunter", "function": "HR"},
    {"pattern": r"customer success|client success|customer support|customer service|customer care"
                r"|customer experience|cx|csm|technical support|tech support|onboarding|implementation",
     "function": "Customer Success"},
    {"pattern": r"revops|rev ops|revenue operations|business operations|bizops|biz ops"
                r"|(gtm|go to market) operations",
     "function": "Operations"},
    {"pattern": r"sales|sdr|bdr|ae|account executive|account manager|account director|key account"
                r"|business development|biz ?dev|bdm|inside sales|revenue|commercial|comercial"
                r"|vertrieb\w*|\w+vertrieb|ventas|vendas|vendite|ventes?|vendedor(a)?|seller|selling"
                r"|pre ?sales|channel|partnerships?|alliances?|partner manager|closer",
     "function": "Sales"},
    # "Communications engineer" builds networks and radios; "communications" alone is PR (Marketing)
    {"pattern": r"(tele)?communications? (systems? |network |networks |software |hardware |rf |radio |satellite )?"
                r"(engineer\w*|technician|developer|architect|scientist)",
     "function": "Engineering"},
    {"pattern": r"marketing|marketer|mktg|mkt|demand gen(eration)?|growth|brand\w*|content|seo|sem"
                r"|ppc|communications?|comms|pr|public relations|social media|community|events?"
                r"|campaigns?|lead gen(eration)?|abm|copywriter|creative|graphic design(er)?"
                r"|art director|mercadeo|mercadotecnia|pmm|advertising",
     "function": "Marketing"},
    {"pattern": r"hr|hrbp|human resources?|people|talent|personnel|payroll|benefits|compensation"
                r"|total rewards|learning and development|l and d|recursos humanos|rrhh|rh"
                r"|ressources humaines|personal(?! assistant)\w*",
     "function": "HR"},
    {"pattern": r"financ\w*|finanz\w*|controller|controlling|comptroller|accountant|accounting"
                r"|accounts (payable|receivable)|treasury|treasurer|tax|audit\w*|fp and a|fpa"
                r"|bookkeep\w*|billing|invoic\w*|investor relations|buchhalt\w*|comptab\w*"
                r"|contab\w*|contador(a)?|credit|collections",
     "function": "Finance"},
    {"pattern": r"product|ux|ui|user experience|user research", "function": "Product"},
    {"pattern": r"it|information technology|information systems|sysadmin|systems? admin\w*"
                r"|network\w*|help ?desk|desktop support|service desk|infrastructure|security"
                r"|cyber ?security|infosec|dba|database admin\w*|edv|informatique|informatica",
     "function": "IT"},
    {"pattern": r"engineer\w*|developer|development|software|programm\w*|devops|sre"
                r"|site reliability|qa|quality assurance|test(er|ing)|data scien\w*|machine learning"
                r"|ml|ai|architect\w*|technical|technology|tech|r and d|research and development"
                r"|full ?stack|front ?end|back ?end|mobile|ios|android|scrum master|ingenieur\w*"
                r"|ingenier(o|a)|entwickl\w*|desarroll\w*|developpeur|sviluppat\w*|informatiker",
     "function": "Engineering"},
    {"pattern": r"operations?|ops|operating|operaciones|operacoes|supply chain|logistics?"
                r"|procurement|purchasing|buyer|facilities|office manager|(project|program|programme)"
                r" (manager|management|lead)|pmo|business analyst|administration|betrieb\w*"
                r"|einkauf\w*|achats?|compras",
     "function": "Operations"},
    {"pattern": r"founder|cofounder|owner|(?<!vice )president|chair\w*|board|managing director"
                r"|partner|gesch(a|ae)ftsf(u|ue)hrer(in)?|inhaber(in)?|vorstand\w*|directeur general"
                r"|directrice generale|pdg|director general|directora general|director ejecutivo"
                r"|gerente general|amministratore delegato|general manager|executive director"
                r"|proprietor|entrepreneur|fundador(a)?|fondat\w*|grunder\w*",
     "function": "Executive"},
)

PLACEHOLDERS = frozenset(
    {"n/a", "na", "n.a.", "none", "null", "unknown", "test", "testing", "tbd", "x", "xx",
     "xxx", "asdf", "no title", "title", "job title", "not provided", "[not provided]",
     "not applicable"}
)

# Canonical spelling of abbreviations when re-casing ALL CAPS / all lower titles.
ACRONYMS = {
    word.lower(): word
    for word in (
        "VP SVP EVP AVP CEO CTO CFO CMO COO CIO CRO CISO CSO CPO CDO CHRO CCO CXO IT HR HRBP "
        "SDR BDR BDM AE QA UX UI RevOps SaaS DevOps CRM ERP SEO SEM PPC PR ABM GTM EMEA APAC "
        "LATAM AMER NA US USA UK EU AI ML CSM CX CS PMM SRE GM MD PM TAM KAM FP IC PDG RH SQL "
        "AWS API iOS II III IV"
    ).split()
}
SMALL_WORDS = frozenset({"of", "and", "for", "the", "to", "in", "at", "on", "a", "an", "de",
                         "des", "du", "la", "le", "del", "y", "et", "und", "der", "die", "das",
                         "di", "da", "für"})

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_SPACE_BEFORE_COMMA = re.compile(r"\s+,")
_COMMA_THEN_LETTER = re.compile(r",(?=[^\W\d_])")
_DOTTED_INITIAL = re.compile(r"\b([a-z])\.(?=[a-z]\b)")
_NON_WORD = re.compile(r"[\W_]+")
_GLOBAL_FLAGS = re.compile(r"^(?:\(\?[aiLmsux]+\))+")


@dataclass(frozen=True)
class TitleRule:
    """One compiled row of the rules table."""

    regex: re.Pattern[str]
    seniority: str | None
    function: str | None


def build_title_rules(extra_rules: Sequence[Mapping[str, str]] | None = None) -> tuple[TitleRule, ...]:
    """Compile the rules table, with ``extra_rules`` tried before the built-ins.

    Each extra rule is a mapping like ``{"pattern": "growth hacker", "seniority":
    "Individual Contributor", "function": "Marketing"}``: ``pattern`` is a regular
    expression matched as whole words, case-insensitively, against the title with
    accents folded and punctuation read as spaces (so write ``vp sales``, not
    ``V.P., Sales``); ``seniority`` and/or ``function`` (at least one) must be
    one of :data:`SENIORITIES` / :data:`FUNCTIONS`. Raises ``ValueError`` naming
    the bad rule.
    """
    extra = [_compile(rule, f"extra title rule {i}") for i, rule in enumerate(extra_rules or (), 1)]
    return tuple(extra) + DEFAULT_RULES


def normalize_title(
    raw: object, rules: tuple[TitleRule, ...] | None = None
) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """Return ``(value, flag, rule, revops_seniority, revops_function)`` for one title."""
    if not isinstance(raw, str):
        if raw is None or raw is pd.NA or (isinstance(raw, float) and raw != raw):
            return None, None, None, None, None
        raw = str(raw)
    collapsed = " ".join(raw.split())
    if not collapsed:
        return None, None, None, None, None
    if not any(ch.isalnum() for ch in collapsed) or collapsed.casefold() in PLACEHOLDERS:
        return raw, FLAG_PLACEHOLDER, None, None, None
    value = tidy_title(collapsed)
    seniority, function = classify_title(value, DEFAULT_RULES if rules is None else rules)
    return value, None, (RULE_TIDY if value != raw else None), seniority, function


def normalize_title_column(
    titles: pd.Series, extra_rules: Sequence[Mapping[str, str]] | None = None
) -> pd.DataFrame:
    """Normalise a title column; columns ``value, flag, rule, revops_seniority, revops_function``.

    ``extra_rules`` (from the user's config) are tried before the built-in
    rules; see :func:`build_title_rules` for their shape.
    """
    rules = build_title_rules(extra_rules) if extra_rules else DEFAULT_RULES
    return map_distinct(titles, functools.partial(normalize_title, rules=rules), TITLE_COLUMNS)


def classify_title(title: str, rules: tuple[TitleRule, ...] | None = None) -> tuple[str, str]:
    """``(seniority, function)`` of a title; ``("Other", "Other")`` when nothing matches."""
    text = match_text(title)
    seniority: str | None = None
    function: str | None = None
    for rule in DEFAULT_RULES if rules is None else rules:
        wants_seniority = seniority is None and rule.seniority is not None
        wants_function = function is None and rule.function is not None
        if not (wants_seniority or wants_function) or not rule.regex.search(text):
            continue
        if wants_seniority:
            seniority = rule.seniority
        if wants_function:
            function = rule.function
        if seniority is not None and function is not None:
            break
    return seniority or "Other", function or "Other"


def match_text(title: str) -> str:
    """The form rules are matched against: ``"Sr. V.P., Sales & Mktg"`` -> ``"sr vp sales and mktg"``."""
    return " ".join(_NON_WORD.sub(" ", _fold(title).replace("&", " and ")).split())


def tidy_title(collapsed: str) -> str:
    """Tidy comma spacing; fix casing only when the title is ALL CAPS or all lower."""
    text = _COMMA_THEN_LETTER.sub(", ", _SPACE_BEFORE_COMMA.sub(",", collapsed))
    text = " ".join(text.split())
    if not (text.isupper() or text.islower()):
        return text
    first = True
    out: list[str] = []
    prev = 0
    for match in _WORD.finditer(text):
        out.append(text[prev:match.start()])
        word = _lower(match.group())
        start, end = match.span()
        if len(word) <= 2 and "&" in (text[start - 1:start], text[end:end + 1]):
            out.append(_upper(word))  # R&D, FP&A, L&D
        else:
            out.append(_case_word(word, first))
        first = False
        prev = match.end()
    out.append(text[prev:])
    return "".join(out)


def _case_word(lower: str, first: bool) -> str:
    if lower in ACRONYMS:
        return ACRONYMS[lower]
    if any(ch.isdigit() for ch in lower):
        if _ORDINAL.fullmatch(lower):
            return lower
        return _upper(lower) if len(lower) <= 4 else _cap(lower)
    if not first and lower in SMALL_WORDS:
        return lower
    return _cap(lower)


def _lower(text: str) -> str:
    # "İ".lower() is two characters (i + combining dot); keep such letters as they are
    # so re-casing never changes the length and stays idempotent.
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _upper(word: str) -> str:
    upper = word.upper()
    return upper if len(upper) == len(word) else word


def _cap(word: str) -> str:
    # upper() of a few letters ("ß", "ŉ") is two characters; keep those as they are.
    head = word[0].upper()
    return (head if len(head) == 1 else word[0]) + word[1:]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _DOTTED_INITIAL.sub(r"\1", text)


def _compile(rule: Mapping[str, str], where: str) -> TitleRule:
    if not isinstance(rule, Mapping):
        raise ValueError(f"{where}: expected a table with 'pattern', got {rule!r}")
    unknown = set(rule) - {"pattern", "seniority", "function"}
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}; use pattern, seniority, function")
    pattern = rule.get("pattern")
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError(f"{where}: 'pattern' must be a non-empty string")
    seniority = rule.get("seniority")
    function = rule.get("function")
    if seniority is None and function is None:
        raise ValueError(f"{where}: give 'seniority', 'function' or both")
    if seniority is not None and seniority not in SENIORITIES:
        raise ValueError(f"{where}: seniority {seniority!r} is not one of {', '.join(SENIORITIES)}")
    if function is not None and function not in FUNCTIONS:
        raise ValueError(f"{where}: function {function!r} is not one of {', '.join(FUNCTIONS)}")
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", pattern) if not unicodedata.combining(ch)
    )
    # Inline global flags such as "(?i)" must stay at the very start of the pattern.
    flags = _GLOBAL_FLAGS.match(folded)
    lead = flags.group() if flags else ""
    try:
        regex = re.compile(lead + r"\b(?:" + folded[len(lead):] + r")\b", re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"{where}: pattern {pattern!r} is not a valid regular expression: {exc}") from None
    return TitleRule(regex, seniority, function)


DEFAULT_RULES: tuple[TitleRule, ...] = tuple(
    _compile(rule, f"built-in title rule {i}") for i, rule in enumerate(TITLE_RULES, 1)
)
