"""The reference period of a contract invoice: the month and year it bills.

Users see and type it as MM and YYYY (two Char fields on the invoice, a month
selection and a year in the wizard). The functions below are the one place that
decides what a valid period is; the invoice constraint, the wizard and the
invoicing run all go through them.
"""

import re

from odoo.exceptions import ValidationError

MONTH_PATTERN = re.compile(r"0[1-9]|1[0-2]")
YEAR_PATTERN = re.compile(r"[1-9][0-9]{3}")


def format_reference_period(month, year):
    """The MM and YYYY texts of a period given as numbers: 3, 2026 -> "03", "2026"."""
    return f"{month:02d}", f"{year:04d}"


def check_reference_month(env, month):
    """Return the month as a number; refuse anything but MM, 01 to 12."""
    if isinstance(month, int):
        month = f"{month:02d}"
    if not (isinstance(month, str) and MONTH_PATTERN.fullmatch(month)):
        raise ValidationError(
            env._(
                "The reference month must be two digits, 01 to 12: %(month)s.",
                month=month,
            )
        )
    return int(month)


def check_reference_year(env, year):
    """Return the year as a number; refuse anything but YYYY."""
    if isinstance(year, int):
        year = f"{year:04d}"
    if not (isinstance(year, str) and YEAR_PATTERN.fullmatch(year)):
        raise ValidationError(
            env._("The reference year must be four digits, not %(year)s.", year=year)
        )
    return int(year)


def check_reference_period(env, month, year):
    """Return the period (month, year) as numbers, from MM and YYYY or numbers."""
    return check_reference_month(env, month), check_reference_year(env, year)
