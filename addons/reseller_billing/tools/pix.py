"""PIX "copia e cola": the EMV BR Code payload of Banco Central's PIX manual.

A payload is a run of TLV fields (two-digit id, two-digit length, value) that
ends with field 63, the CRC16-CCITT (polynomial 0x1021, initial 0xFFFF) of the
whole payload up to and including "6304". Only the gateway builds it, from the
slip and the company: never from anything a client typed.
"""

import re
import unicodedata

PIX_GUI = "br.gov.bcb.pix"
TXID_PATTERN = re.compile(r"[A-Za-z0-9]{1,25}")


def crc16_ccitt(data):
    """CRC16-CCITT-FALSE of ``data`` (str), as four upper-case hex digits."""
    crc = 0xFFFF
    for byte in data.encode():
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def _field(field_id, value):
    if len(value) > 99:
        raise ValueError(f"PIX field {field_id} longer than 99 characters")
    return f"{field_id}{len(value):02d}{value}"


def _plain(text, max_length):
    """ASCII upper-case text without accents, as the BR Code asks of names."""
    ascii_text = (
        unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    )
    cleaned = re.sub(r"[^A-Za-z0-9 ]", "", ascii_text).strip().upper()
    return cleaned[:max_length] or "NA"


def build_pix_payload(key, merchant_name, merchant_city, amount, txid):
    """The "copia e cola" payload of a single-use PIX charge."""
    if not TXID_PATTERN.fullmatch(txid or ""):
        raise ValueError("PIX txid must be 1 to 25 letters or digits")
    account = _field("00", PIX_GUI) + _field("01", key)
    payload = (
        _field("00", "01")
        + _field("01", "12")
        + _field("26", account)
        + _field("52", "0000")
        + _field("53", "986")
        + _field("54", f"{amount:.2f}")
        + _field("58", "BR")
        + _field("59", _plain(merchant_name, 25))
        + _field("60", _plain(merchant_city, 15))
        + _field("62", _field("05", txid))
        + "6304"
    )
    return payload + crc16_ccitt(payload)


def parse_tlv(payload):
    """Split a TLV run into an ordered list of (id, value); raise on bad framing."""
    fields_found = []
    position = 0
    while position < len(payload):
        field_id = payload[position : position + 2]
        length = int(payload[position + 2 : position + 4])
        value = payload[position + 4 : position + 4 + length]
        if len(value) != length:
            raise ValueError(f"PIX field {field_id} truncated")
        fields_found.append((field_id, value))
        position += 4 + length
    return fields_found


def check_pix_crc(payload):
    """True when the payload ends with the right CRC of everything before it."""
    return len(payload) > 8 and crc16_ccitt(payload[:-4]) == payload[-4:]
