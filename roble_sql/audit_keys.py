"""Audit keys: secrets kept outside the database that sign the audit chain.

``ROBLE_AUDIT_KEY`` holds one key; a key file (``ROBLE_AUDIT_KEY_FILE`` or ``[roble]
audit_key_file``) holds one per line, ``#`` comments and blank lines ignored. The first
key signs new rows; every key verifies the rows it signed. To rotate: put the new key on
the first line and keep the old ones below it for as long as their rows are verified.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from pathlib import Path

from roble_sql.errors import ConfigError

ENV_KEY = "ROBLE_AUDIT_KEY"
ENV_KEY_FILE = "ROBLE_AUDIT_KEY_FILE"
CONFIG_KEY_FILE = "audit_key_file"
MIN_KEY_LENGTH = 16  # characters: 'openssl rand -hex 32' gives 64


def load_audit_keys(
    env: Mapping[str, str], roble_options: Mapping[str, str], project_dir: Path
) -> tuple[bytes, ...]:
    """The audit keys given, the signing one first; () when none is."""
    keys: list[bytes] = []
    if env.get(ENV_KEY):
        keys.append(_checked(env[ENV_KEY], ENV_KEY))
    file = env.get(ENV_KEY_FILE) or roble_options.get(CONFIG_KEY_FILE)
    if file:
        path = project_dir / Path(file).expanduser()  # an absolute path replaces the folder
        keys += [_checked(line, f"{path}:{n}") for n, line in _key_lines(path)]
    return tuple(dict.fromkeys(keys))


def _key_lines(path: Path) -> list[tuple[int, str]]:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"the audit key file can't be read ({getattr(exc, 'strerror', None) or exc})",
            where=str(path),
            hint=f"check {ENV_KEY_FILE} or [roble] {CONFIG_KEY_FILE}, and the file's permissions",
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            "the audit key file can be read by other users, so the key is not a secret",
            where=str(path),
            hint=f"chmod 600 {path} (and give the key to the deploy user only)",
        )
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
    found = [(n, line) for n, line in lines if line and not line.startswith("#")]
    if not found:
        raise ConfigError(
            "the audit key file holds no key",
            where=str(path),
            hint="write a key on the first line (e.g. the output of 'openssl rand -hex 32')",
        )
    return found


def _checked(key: str, where: str) -> bytes:
    key = key.strip()
    if len(key) < MIN_KEY_LENGTH:
        raise ConfigError(
            f"the audit key is shorter than {MIN_KEY_LENGTH} characters: too easy to guess",
            where=where,
            hint="use a long random key, e.g. the output of 'openssl rand -hex 32'",
        )
    return key.encode("utf-8")
