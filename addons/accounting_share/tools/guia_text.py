"""What a guia's text says: tax ids, reference period, due date, amount.

Pure functions over the text pypdf extracts, so that each rule can be read and
tested alone. DAS and DARF print their labels either beside their values
("Data de Vencimento 20/04/2024") or in a header row above them (the DAS table):
a value is looked for in a short window after its label, which covers both.
"""

import re
import unicodedata
from datetime import date
from decimal import Decimal

# How far after a label its value may be printed (a header row and the row below).
LABEL_WINDOW = 160
MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "janeiro",
            "fevereiro",
            "marco",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ),
        start=1,
    )
}
# Formatted or bare; never a piece of a longer number such as the document
# number 07.20.24092.1234567-8 or a line of the bar code.
CNPJ_RE = re.compile(
    r"(?<![\d./-])(\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2})(?![\d]|[./-]\d)"
)
CPF_RE = re.compile(r"(?<![\d./-])(\d{3}\.?\d{3}\.?\d{3}-?\d{2})(?![\d]|[./-]\d)")
PERIOD_LABEL_RE = re.compile(r"competencia|periodo de apuracao|per\.? ?apuracao")
DUE_LABEL_RE = re.compile(
    r"vencimento|pagar (?:este documento )?ate|pagavel ate|data limite"
)
AMOUNT_LABEL_RE = re.compile(r"valor total|total a recolher|valor a recolher")
PERIOD_VALUE_RE = re.compile(
    r"(?P<month_name>" + "|".join(MONTHS) + r")\s*(?:/|de)\s*(?P<year_1>\d{4})"
    r"|(?<![\d/])\d{2}/(?P<month_2>\d{2})/(?P<year_2>\d{4})(?!\d)"
    r"|(?<![\d/])(?P<month_3>\d{2})/(?P<year_3>\d{4})(?!\d)"
)
DATE_RE = re.compile(r"(?<![\d/])(\d{2})/(\d{2})/(\d{4})(?!\d)")
# 1.234,56 or 1234,56; never a piece of a longer number.
AMOUNT_RE = re.compile(r"(?<![\d.,])((?:\d{1,3}(?:\.\d{3})+|\d+),\d{2})(?![\d])")


def normalize(text):
    """Lower case, without accents: labels are matched however they are typed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _check_digit(digits, weights):
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "0" if remainder < 2 else str(11 - remainder)


def is_valid_cnpj(digits):
    if len(digits) != 14 or digits == digits[0] * 14:
        return False
    weights = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    first = _check_digit(digits[:12], weights)
    second = _check_digit(digits[:12] + first, [6, *weights])
    return digits[12:] == first + second


def is_valid_cpf(digits):
    if len(digits) != 11 or digits == digits[0] * 11:
        return False
    first = _check_digit(digits[:9], range(10, 1, -1))
    second = _check_digit(digits[:9] + first, range(11, 1, -1))
    return digits[9:] == first + second


def only_digits(value):
    return "".join(c for c in value or "" if c.isdigit())


def find_tax_ids(text):
    """The valid CNPJs and CPFs printed in the text, digits only, in order."""
    found = []
    for pattern, is_valid in ((CNPJ_RE, is_valid_cnpj), (CPF_RE, is_valid_cpf)):
        for match in pattern.finditer(text or ""):
            digits = only_digits(match.group(1))
            if is_valid(digits) and digits not in found:
                found.append(digits)
    return found


def _after_labels(text, label_re):
    """The windows of text that follow each label, in order."""
    for label in label_re.finditer(text):
        yield text[label.end() : label.end() + LABEL_WINDOW]


def find_period(text):
    """The first day of the reference month, or None."""
    text = normalize(text)
    for window in _after_labels(text, PERIOD_LABEL_RE):
        match = PERIOD_VALUE_RE.search(window)
        if not match:
            continue
        if match["month_name"]:
            month, year = MONTHS[match["month_name"]], match["year_1"]
        elif match["month_2"]:
            month, year = match["month_2"], match["year_2"]
        else:
            month, year = match["month_3"], match["year_3"]
        try:
            return date(int(year), int(month), 1)
        except ValueError:
            continue
    return None


def find_due_date(text):
    text = normalize(text)
    for window in _after_labels(text, DUE_LABEL_RE):
        for day, month, year in DATE_RE.findall(window):
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                continue
    return None


def find_amount(text):
    """The total to pay, as a Decimal (1.234,56 -> 1234.56), or None."""
    text = normalize(text)
    for window in _after_labels(text, AMOUNT_LABEL_RE):
        match = AMOUNT_RE.search(window)
        if match:
            return Decimal(match.group(1).replace(".", "").replace(",", "."))
    return None


def keyword_pattern(keyword):
    """A keyword matched as whole words, accents and case ignored: "DAS" is
    not found in "vendas"."""
    return re.compile(
        r"(?<![a-z0-9])" + re.escape(normalize(keyword.strip())) + r"(?![a-z0-9])"
    )
