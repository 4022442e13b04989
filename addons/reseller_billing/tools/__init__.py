from .reference_period import (
    check_reference_month,
    check_reference_period,
    check_reference_year,
    format_reference_period,
)
from .pix import build_pix_payload, check_pix_crc, crc16_ccitt, parse_tlv
