"""Encodings beyond Western Europe (issue 23, item 1): every encoding CRMs and Excel write, each with a
file of few non-ASCII words and one of many, decoded to the same text as the UTF-8 original; a thin
guess is said, with how to override it; --encoding overrides."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from revops_cli.io import read_table
from revops_cli.io.encoding import guess_encoding
from revops_cli.io.read import SNIFF_BYTES
from tests.conftest import REPO, invoke, read

CORPUS = REPO / "tests" / "fixtures" / "third_party"

WORDS = {
    "western": ["Société Générale", "Zoë", "Müller", "Besançon", "Crédit Agricole", "Ça", "Straße", "Köln",
                "Düsseldorf", "Señor", "Núñez", "Málaga", "José", "García", "Göteborg"],
    "russian": ["Победа", "Иван", "Петров", "Москва", "Компания", "Ромашка", "Санкт-Петербург", "Новосибирск",
                "Екатерина", "Смирнова", "Казань", "Ольга", "Сергей", "менеджер", "директор"],
    "polish": ["Łódź", "Kraków", "Wrocław", "Gdańsk", "Małgorzata", "Wójcik", "Zażółć", "Jędrzej", "Łukasz",
               "Grzegorz", "Szczecin", "Poznań", "Świętokrzyskie", "Bielsko-Biała", "Żaneta"],
    "czech": ["Příliš", "Plzeň", "Jiří", "Novák", "Dvořák", "Ústí nad Labem", "Brno", "Černý", "Růžena",
              "Kateřina", "Olomouc", "České Budějovice", "Šťastný", "Žďár", "Tomáš"],
    "japanese": ["株式会社テスト", "山田太郎", "東京都", "やまだ", "大阪市北区", "営業部", "佐藤花子", "横浜市", "名古屋",
                 "福岡県", "株式会社サンプル", "田中一郎", "部長", "渋谷区", "鈴木"],
    "chinese": ["北京市", "张伟", "有限公司", "上海市浦东新区", "深圳市", "王芳", "李娜", "广州市", "销售经理",
                "科技有限公司", "杭州", "刘洋", "成都市", "陈静", "市场部"],
    "taiwanese": ["台北市", "陳大文", "股份有限公司", "新竹科學園區", "高雄市", "林志明", "黃美玲", "業務經理", "台中市",
                  "科技股份有限公司", "張家豪", "桃園市", "王小明", "行銷部", "李淑芬"],
    "korean": ["서울특별시", "김철수", "주식회사", "부산광역시", "삼성전자", "이영희", "박지민", "영업부장", "인천광역시",
               "대구", "최민수", "정수진", "마케팅팀", "강남구", "한지우"],
}

# (codec the file is written in, its words, the codec revops must report)
MATRIX = [
    ("cp1252", "western", "cp1252"),
    ("latin-1", "western", "cp1252"),  # byte for byte the same letters: cp1252 is Latin-1's superset
    ("cp1251", "russian", "cp1251"),
    ("koi8_r", "russian", "koi8_r"),
    ("cp1250", "polish", "cp1250"),
    ("iso8859_2", "czech", "iso8859_2"),
    ("cp932", "japanese", "cp932"),
    ("euc_jp", "japanese", "euc_jp"),
    ("gb18030", "chinese", "gb18030"),
    ("cp950", "taiwanese", "cp950"),
    ("cp949", "korean", "cp949"),
]
HEADER = "Id,First Name,Last Name,Email,Company,City,Created Date"


def export_text(words: list[str], many: bool, rows: int = 40) -> str:
    """A CRM export: ASCII ids, emails and dates; with ``many`` every name, company and city is in the
    language, otherwise only two cells in forty rows (the "few Cyrillic words" file of issue 23)."""
    lines = [HEADER]
    for i in range(rows):
        first, last, company, city = "John", f"Smith{i}", "Acme Inc", "Boston"
        if many:
            first, last = words[i % len(words)], words[(i + 5) % len(words)]
            company, city = words[(i + 9) % len(words)], words[(i + 12) % len(words)]
        elif i == 5:
            first = words[0]
        elif i == 20:
            city = words[2]
        lines.append(f"00Q{i:03d},{first},{last},j{i}@acme.com,{company},{city},2026-11-0{i % 9 + 1} 09:00")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("many", [False, True], ids=["few words", "many words"])
@pytest.mark.parametrize("written, language, reported", MATRIX, ids=[m[0] for m in MATRIX])
def test_each_encoding_reads_back_the_text_it_was_made_from(tmp_path, written, language, reported, many):
    text = export_text(WORDS[language], many)
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode(written))
    table = read_table(path)
    original = read_table(_utf8(tmp_path, text))
    assert table.frame.equals(original.frame)  # every cell as the UTF-8 original has it
    assert table.info.encoding == reported
    if many:
        assert table.info.encoding_confidence == "likely" and table.info.encoding_note is None
    else:  # two words are thin evidence: the report says what was assumed and how to override it
        assert table.info.encoding_confidence == "assumed"
        assert table.info.encoding_note.startswith(f"{path}: encoding assumed {reported} ")
        assert "run again with --encoding" in table.info.encoding_note


def _utf8(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "original.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"),
])
@pytest.mark.parametrize("language", ["russian", "japanese", "korean"])
def test_unicode_files_are_certain(tmp_path, encoding, expected, language):
    text = export_text(WORDS[language], many=True)
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode(encoding))
    table = read_table(path)
    assert table.frame.equals(read_table(_utf8(tmp_path, text)).frame)
    assert (table.info.encoding, table.info.encoding_confidence, table.info.encoding_note) == (expected, "certain", None)


HUNGARIAN = ["Győr", "Kőbánya", "Székesfehérvár", "Pécs", "Szőlő utca", "Debrecen", "Tűzoltó", "Kovács", "Nagy Ödön",
             "Szűcs", "Miskolc", "Eötvös"]


def test_hungarian_in_cp1250_is_read_as_hungarian():
    text = export_text(HUNGARIAN, many=True)
    guess = guess_encoding(text.encode("cp1250"))
    assert guess.encoding == "cp1250" and text.encode("cp1250").decode(guess.encoding) == text


def test_two_hungarian_words_read_as_well_in_cp1252_so_the_guess_names_cp1250():
    # ő and ű sit where cp1252 has õ and û: "Győr" and "Gyõr" both look like words of some language.
    guess = guess_encoding(export_text(HUNGARIAN, many=False).encode("cp1250"))
    assert guess.confidence == "assumed"
    assert "cp1250" in (guess.encoding, *guess.alternatives)


def test_a_russian_export_with_three_cyrillic_words_is_not_written_back_as_mojibake(tmp_path):
    """Issue 23: cp1251 with a few Cyrillic words came back as 'Ïîáåäà' with exit 0."""
    source = tmp_path / "crm.csv"
    data = ("Id,First Name,Last Name,Email,Company\n"
            + "".join(f"{i},John,Smith,j{i}@acme.com,Acme\n" for i in range(30))
            + "30,Иван,Петров,ivan@pobeda.ru,Победа\n").encode("cp1251")
    source.write_bytes(data)
    result = invoke("leads", "clean", source, "-o", "out.csv")
    assert result.exit_code == 0, result.stderr
    out = read(tmp_path / "out.csv")
    assert len(out) == 31
    assert out.iloc[30][["First Name", "Last Name", "Company"]].tolist() == ["Иван", "Петров", "Победа"]
    assert "Ïîáåäà" not in (tmp_path / "out.csv").read_text(encoding="utf-8")
    flat = " ".join(result.stdout.split())
    assert (f"{source}: encoding assumed cp1251 (Cyrillic) from only 3 words with non-ASCII letters; if names or "
            "accents look wrong, run again with --encoding and the file's encoding (utf-8, cp1252, cp1251, cp1250, "
            "cp932, gb18030, ...).") in flat
    assert source.read_bytes() == data


def test_encoding_option_overrides_detection_for_the_main_input(tmp_path):
    source = tmp_path / "crm.csv"
    source.write_bytes("Email,Company\nivan@pobeda.ru,Победа\n".encode("cp1251"))
    result = invoke("inspect", source, "--encoding", "cp1252", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["read"]["encoding"] == "cp1252" and summary["read"]["encoding_confidence"] == "given"
    assert summary["columns"][1]["example"] == "Ïîáåäà"  # what the user asked for, and no note about it
    assert "read_notes" not in summary


def test_encoding_option_that_does_not_fit_names_the_line(tmp_path):
    source = tmp_path / "crm.csv"
    source.write_bytes(b"Email,Company\na@b.com,Acme\nc@d.com,Caf\x98\n")  # 0x98 is no cp1251 character
    result = invoke("inspect", source, "--encoding", "cp1251")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"Error: {source}: line 3 is not cp1251 (Cyrillic) text (byte 0x98 does not "
                                     "fit it). Check --encoding, or leave it out and revops detects the encoding.")


def test_an_unknown_encoding_name_is_a_usage_error(tmp_path):
    source = tmp_path / "crm.csv"
    source.write_text("Email\na@b.com\n", encoding="utf-8")
    result = invoke("leads", "clean", source, "-o", "out.csv", "--encoding", "cyrillic-ish")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --encoding: unknown encoding 'cyrillic-ish'; use one of utf-8, utf-16,")
    assert not (tmp_path / "out.csv").exists()


def test_every_command_that_reads_an_export_takes_encoding_and_source_timezone():
    from typer.main import get_command

    from revops_cli.cli.app import app

    def walk(command, path=()):
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, (*path, name))
        if not hasattr(command, "commands"):
            yield " ".join(path), {p.name for p in command.params}

    commands = dict(walk(get_command(app)))
    readers = [name for name, params in commands.items() if "map_" in params]
    assert len(readers) >= 17
    for name in readers:
        assert {"encoding", "source_timezone"} <= commands[name], name


def test_legacy_text_after_the_first_256_kb_is_judged_on_the_whole_file(tmp_path):
    ascii_rows = "".join(f"{i},John,Smith,j{i}@acme.com,Acme\n" for i in range(9000))
    assert len(ascii_rows) > SNIFF_BYTES
    text = "Id,First Name,Last Name,Email,Company\n" + ascii_rows + "9001,Ольга,Смирнова,olga@x.ru,Ромашка\n"
    path = tmp_path / "big.csv"
    path.write_bytes(text.encode("cp1251"))
    table = read_table(path)
    assert table.frame.iloc[-1].tolist() == ["9001", "Ольга", "Смирнова", "olga@x.ru", "Ромашка"]
    assert table.info.encoding == "cp1251" and len(table.frame) == 9001


def test_a_lone_accented_byte_at_the_end_is_a_legacy_letter_not_half_a_character():
    assert guess_encoding("é".encode("latin-1")).encoding == "cp1252"
    assert guess_encoding(codecs.BOM_UTF8 + b"a,b").encoding == "utf-8-sig"


# --------------------------------------------------------------------------- the corpus: files made for this test


@pytest.mark.parametrize("name, encoding, row, expected", [
    ("made__cp1251_amocrm_contacts.csv", "cp1251", 7, {"Имя": "Ольга", "Компания": "ООО Ромашка"}),
    ("made__cp932_kintone_leads.csv", "cp932", 2, {"氏名": "佐藤 花子", "会社名": "株式会社サンプル"}),
    ("made__cp1250_kontakty.csv", "cp1250", 4, {"Nazwisko": "Wójcik", "Miasto": "Łódź"}),
])
def test_corpus_exports_in_legacy_encodings_read_as_their_makers_wrote_them(name, encoding, row, expected):
    path = CORPUS / name
    table = read_table(path)
    assert table.info.encoding == encoding
    original = path.read_bytes().decode(encoding)
    assert len(table.frame) == original.count("\n") - 1  # every row, none lost to a decoding error
    for column, value in expected.items():
        assert table.frame[column].iloc[row] == value
