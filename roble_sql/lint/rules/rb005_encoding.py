"""RB005: bytes that are not UTF-8 with no character set named, or a byte order mark."""

from __future__ import annotations

import re
from collections.abc import Iterator

from roble_sql.lint.base import WARNING, Hit, Rule
from roble_sql.lint.model import LintContext, LintFile
from roble_sql.lint.registry import register

# SET NAMES x / SET CHARACTER SET x / SET character_set_client = x, plain or in a
# versioned comment (as mysqldump writes it): the file says how to read its bytes.
_NAMES_THE_CHARSET = re.compile(
    r"\bSET\s+(?:NAMES|CHARACTER\s+SET|CHARSET|(?:SESSION\s+|@@(?:SESSION\.)?)?"
    r"character_set_client\s*=)",
    re.IGNORECASE,
)


@register
class FileEncoding(Rule):
    """Bytes that are not UTF-8 with no character set named, or a byte order mark.

    roble sends a file's bytes exactly as they are, as the `mariadb` client does, and the
    server reads them in the connection's character set: utf8mb4 unless the connection
    (`charset` in the URL or yoyo.ini) or the file (`SET NAMES latin1`) says otherwise.
    Bytes that are not UTF-8 in a file that names no character set are read as utf8mb4:
    fine inside a BLOB, but text columns get mangled values or `Incorrect string value`.
    Such a file is warned about, not refused: a mysqldump of BLOB columns without
    `--hex-blob` is sound. A byte order mark is read by the server as nothing at all,
    but yoyo then reads no header, so it is reported too (as an error when it hides a
    `-- depends:` line: see RB002).

    **Anti-pattern**

    ```sql
    -- (saved as latin1: the é is the single byte E9)
    INSERT INTO colors (name) VALUES ('Caf\xe9');
    ```

    **Best practice**

    ```sql
    -- saved as UTF-8, or with the character set named before the data:
    SET NAMES latin1;
    INSERT INTO colors (name) VALUES ('Caf\xe9');
    ```
    """

    code = "RB005"
    severity = WARNING

    def check_file(self, file: LintFile, ctx: LintContext) -> Iterator[Hit]:
        if file.text is None:
            return
        if file.text.startswith("\ufeff"):
            yield Hit(
                1,
                "the file starts with a UTF-8 byte order mark: the server ignores it, but "
                "yoyo reads no '-- depends:' header after it; save the file without BOM",
            )
        if file.non_utf8 is None:
            return
        line, byte = file.non_utf8
        named = any(
            _NAMES_THE_CHARSET.search(stmt.text) for stmt in file.statements if stmt.line <= line
        )
        if not named:
            yield Hit(
                line,
                f"byte 0x{byte:02x} is not UTF-8 and the file names no character set, so the "
                "server reads it as utf8mb4 (fine in a BLOB, mangled in a text column); "
                "add SET NAMES <charset>; before the data, or save the file as UTF-8",
            )
