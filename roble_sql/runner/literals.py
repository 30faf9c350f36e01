"""SQL literals for roble's own bookkeeping, readable whatever the session's settings are.

roble's records ride in the same round trip as a revision's statements, so they are
parsed in whatever session the revision left: ``SET NAMES latin1`` changes how the
server reads the bytes of a string, ``sql_mode = NO_BACKSLASH_ESCAPES`` how it reads a
backslash. A literal made only of plain ASCII letters, digits and punctuation reads the
same in every such session; anything else goes as ``_utf8mb4 X'...'``, which names its
own character set and has no quotes or escapes to misread.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# Printable ASCII without the quote and the backslash: the same bytes in every character
# set a client may use, and nothing an SQL mode reads differently.
_PLAIN = re.compile(r"[ !#-&(-\[\]-~]*")


def sql_literal(value: Any) -> str:
    """``value`` as an SQL literal that reads the same in any session."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return f"'{value.isoformat(sep=' ')}'" if isinstance(value, datetime) else f"'{value}'"
    if isinstance(value, bytes):
        return f"X'{value.hex()}'"
    text = str(value)
    if _PLAIN.fullmatch(text):
        return f"'{text}'"
    # Lone surrogates (bytes that were not UTF-8) are kept visible as \udcXX, not lost.
    return f"_utf8mb4 X'{text.encode('utf-8', 'backslashreplace').hex()}'"


def bind(sql: str, args: tuple[Any, ...] | list[Any]) -> str:
    """``sql`` with each ``%s`` replaced by the literal of the next argument."""
    return sql % tuple(sql_literal(arg) for arg in args)
