from .reference_period import (
    check_reference_month,
    check_reference_period,
    check_reference_year,
    format_reference_period,
)
