"""The snapshot helper against the real server: equal content compares equal, each small
change is reported, and the allowed differences (comments in bodies, session charsets,
bookkeeping tables, the database name) are not."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import pymysql
import pytest

from roble_sql.dsn import DatabaseURL
from tests.conftest import fresh_database
from tests.fidelity import snapshot as snap
from tests.fidelity.snapshot import Snapshot, diff, is_empty, normalise_body, snapshot

Statement = str | tuple[str, tuple[object, ...]]

PHOTO = b"\x89PNG\r\n\x1a\n\x00\xff\xfe"

TABLES: tuple[Statement, ...] = (
    "CREATE TABLE colors (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    " name VARCHAR(50) NOT NULL COMMENT 'display name',"
    " code CHAR(7) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '#000000',"
    " UNIQUE KEY uq_name (name)) ENGINE=InnoDB COMMENT='palette'",
    "CREATE TABLE products (id INT NOT NULL AUTO_INCREMENT, sku VARCHAR(20) NOT NULL,"
    " title VARCHAR(200) NOT NULL, description TEXT, price DECIMAL(10,2) NOT NULL,"
    " qty INT NOT NULL DEFAULT 0, total DECIMAL(12,2) AS (price * qty) STORED,"
    " color_id INT UNSIGNED NULL, photo BLOB, weight FLOAT, checked_at TIMESTAMP(3) NULL,"
    " PRIMARY KEY (id), KEY idx_sku_title (sku, title(10)),"
    " FULLTEXT KEY ft_title (title, description),"
    " CONSTRAINT chk_price CHECK (price >= 0),"
    " CONSTRAINT fk_color FOREIGN KEY (color_id) REFERENCES colors (id)"
    " ON DELETE SET NULL ON UPDATE CASCADE) ENGINE=InnoDB",
    "CREATE TABLE places (id INT PRIMARY KEY, pos POINT NOT NULL, SPATIAL KEY sp_pos (pos))",
    "CREATE TABLE sales (id INT NOT NULL, sold_on DATE NOT NULL, amount INT,"
    " PRIMARY KEY (id, sold_on)) PARTITION BY RANGE (YEAR(sold_on))"
    " SUBPARTITION BY HASH (id) SUBPARTITIONS 2"
    " (PARTITION p2023 VALUES LESS THAN (2024), PARTITION p2024 VALUES LESS THAN (2025),"
    " PARTITION pmax VALUES LESS THAN MAXVALUE)",
    "CREATE SEQUENCE note_seq",
    "CREATE TABLE notes (body VARBINARY(64), added DATETIME(6),"
    " n BIGINT NOT NULL DEFAULT NEXTVAL(note_seq))",
    "CREATE TRIGGER products_bi BEFORE INSERT ON products FOR EACH ROW SET NEW.sku = UPPER(NEW.sku)",
)
ROWS: tuple[Statement, ...] = (
    "INSERT INTO colors (name, code) VALUES ('赤', '#ff0000'), ('青い 🎨', '#0000ff'), ('grey', DEFAULT)",
    (
        "INSERT INTO products (sku, title, description, price, qty, color_id, photo, weight,"
        " checked_at) VALUES ('ch-1', '椅子 chair', 'オーク材', 49.90, 3, 1, %s, 1.0000001,"
        " '2024-03-01 12:00:00.125'), ('tb-2', 'table', NULL, 5.00, 0, NULL, '', 2.5, NULL)",
        (PHOTO,),
    ),
    "INSERT INTO places VALUES (1, ST_GeomFromText('POINT(1 2)')), (2, POINT(-3.5, 4e10))",
    "INSERT INTO sales VALUES (1, '2023-05-01', 10), (2, '2024-02-29', NULL), (3, '2030-01-01', 7)",
    "INSERT INTO notes (body, added, n) VALUES (x'00ff', '2024-01-01 00:00:00.000001', 7),"
    " (x'00ff', '2024-01-01 00:00:00.000001', 7), ('', NULL, 8)",
    "INSERT INTO notes (body) VALUES (NULL)",
)
PROCEDURE_HEAD = (
    "CREATE PROCEDURE restock(IN p_id INT, INOUT p_qty {qty_type}, OUT p_total DECIMAL(12,2))\n"
    "COMMENT 'add stock'\n"
)
# The body as roble sends it (comments kept) ...
COMMENTED_BODY = """BEGIN
  -- add the delivered quantity
  UPDATE products SET qty = qty + p_qty WHERE id = p_id; # keep going
  /* report the
     new total */ SELECT total INTO p_total FROM products WHERE id = p_id;
  SET p_qty = (SELECT qty FROM products WHERE id = p_id);-- read back
  SET @w = 2 /* inline */ + 3, @v = 4/*tight*/+5;
  SELECT '-- not a comment # nor this /* nor */' AS `odd -- name`;
END"""
# ... and exactly as the mariadb 10.11 client sends it (comments stripped).
STRIPPED_BODY = (
    "BEGIN\n  \n  UPDATE products SET qty = qty + p_qty WHERE id = p_id; \n"
    "   SELECT total INTO p_total FROM products WHERE id = p_id;\n"
    "  SET p_qty = (SELECT qty FROM products WHERE id = p_id);\n"
    "  SET @w = 2  + 3, @v = 4 +5;\n"
    "  SELECT '-- not a comment # nor this /* nor */' AS `odd -- name`;\nEND"
)
PROCEDURE = PROCEDURE_HEAD.format(qty_type="INT") + COMMENTED_BODY
PROGRAMS: tuple[Statement, ...] = (
    "CREATE FUNCTION with_tax(p DECIMAL(10,2)) RETURNS DECIMAL(10,2) DETERMINISTIC NO SQL"
    " COMMENT 'VAT' RETURN p * 1.21",
    "CREATE VIEW cheap AS SELECT id, title, with_tax(price) AS gross FROM products"
    " WHERE price < 10 WITH CHECK OPTION",
    PROCEDURE,
    "CREATE EVENT purge_sales ON SCHEDULE EVERY 1 DAY DISABLE COMMENT 'nightly'"
    " DO DELETE FROM sales WHERE sold_on < '2000-01-01'",
    "CREATE EVENT yearly_report ON SCHEDULE EVERY 1 YEAR STARTS '2030-01-01 00:00:00'"
    " ENDS '2037-12-31 00:00:00' ON COMPLETION PRESERVE DISABLE"
    " DO INSERT INTO notes (body) VALUES ('report')",
)

# One small change each: the statements that make it, and a line (part) diff must print.
CHANGES: dict[str, tuple[tuple[Statement, ...], str]] = {
    "column type": (
        ("ALTER TABLE colors MODIFY name VARCHAR(40) NOT NULL COMMENT 'display name'",),
        "table colors: column name: COLUMN_TYPE varchar(50) != varchar(40)",
    ),
    "index column order": (
        (
            "ALTER TABLE products DROP INDEX idx_sku_title, ADD INDEX idx_sku_title (title(10), sku)",
        ),
        "table products: index idx_sku_title: columns[1] sku: COLUMN_NAME sku != title",
    ),
    "check clause": (
        (
            "ALTER TABLE products DROP CONSTRAINT chk_price",
            "ALTER TABLE products ADD CONSTRAINT chk_price CHECK (price > 0)",
        ),
        "table products: constraint CHECK chk_price: CHECK_CLAUSE '`price` >= 0' != '`price` > 0'",
    ),
    "partition bound": (
        (
            "ALTER TABLE sales REORGANIZE PARTITION p2023, p2024 INTO (PARTITION p2023"
            " VALUES LESS THAN (2023), PARTITION p2024 VALUES LESS THAN (2025))",
        ),
        "table sales: partitioning: partitions[1] p2023: PARTITION_DESCRIPTION 2024 != 2023",
    ),
    "view body": (
        (
            "CREATE OR REPLACE VIEW cheap AS SELECT id, title, with_tax(price) AS gross"
            " FROM products WHERE price < 20 WITH CHECK OPTION",
        ),
        "view cheap: VIEW_DEFINITION",
    ),
    "routine parameter type": (
        ("DROP PROCEDURE restock", PROCEDURE_HEAD.format(qty_type="BIGINT") + COMMENTED_BODY),
        "routine PROCEDURE restock: parameters[2] p_qty: DTD_IDENTIFIER int(11) != bigint(20)",
    ),
    "trigger body": (
        (
            "DROP TRIGGER products_bi",
            "CREATE TRIGGER products_bi BEFORE INSERT ON products FOR EACH ROW"
            " SET NEW.sku = LOWER(NEW.sku)",
        ),
        "trigger products_bi: ACTION_STATEMENT 'SET NEW.sku = UPPER(NEW.sku)'"
        " != 'SET NEW.sku = LOWER(NEW.sku)'",
    ),
    "event schedule": (
        ("ALTER EVENT purge_sales ON SCHEDULE EVERY 1 HOUR",),
        "event purge_sales: INTERVAL_FIELD DAY != HOUR",
    ),
    "one byte of a blob": (
        (("UPDATE products SET photo = %s WHERE id = 1", (PHOTO[:-1] + b"\xff",)),),
        "table products: data: checksum",
    ),
    "one extra row": (
        ("INSERT INTO colors (name) VALUES ('緑')",),
        "table colors: data: rows 3 != 4",
    ),
    "float low bits": (
        ("UPDATE products SET weight = 1.0000002 WHERE id = 1",),
        "table products: data: checksum",
    ),
    "NULL becomes empty": (
        ("UPDATE notes SET body = '' WHERE body IS NULL",),
        "table notes: data: checksum",
    ),
    "duplicate row removed": (
        ("DELETE FROM notes WHERE n = 7 LIMIT 1",),
        "table notes: data: rows 4 != 3",
    ),
    "foreign key rule": (
        (
            "ALTER TABLE products DROP FOREIGN KEY fk_color",
            "ALTER TABLE products ADD CONSTRAINT fk_color FOREIGN KEY (color_id)"
            " REFERENCES colors (id) ON DELETE CASCADE ON UPDATE CASCADE",
        ),
        "table products: constraint FOREIGN KEY fk_color: DELETE_RULE 'SET NULL' != CASCADE",
    ),
    "generated expression": (
        ("ALTER TABLE products MODIFY total DECIMAL(12,2) AS (price * qty + 1) STORED",),
        "table products: column total: GENERATION_EXPRESSION",
    ),
    "column name case": (
        ("ALTER TABLE colors RENAME COLUMN code TO Code",),
        "table colors: column Code: only in b",
    ),
    "table name case": (
        ("RENAME TABLE places TO Places",),
        "table Places: only in b",
    ),
}


def execute(url: DatabaseURL, statements: Iterable[Statement], **connect: object) -> None:
    """Run each statement in its own execute, on one connection."""
    connection = pymysql.connect(**{**url.driver_kwargs(), **connect})
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                sql, args = (statement, None) if isinstance(statement, str) else statement
                cursor.execute(sql, args)
    finally:
        connection.close()


def build(url: DatabaseURL, *extra: Statement, session: tuple[Statement, ...] = ()) -> None:
    """The rich test schema with its rows, then ``extra``."""
    execute(url, (*session, *TABLES, *ROWS, *PROGRAMS, *extra))


@pytest.fixture(scope="module")
def reference(server: DatabaseURL) -> Iterator[tuple[DatabaseURL, Snapshot]]:
    with fresh_database(server) as url:
        build(url)
        yield url, snapshot(url)


@pytest.fixture
def other(server: DatabaseURL) -> Iterator[DatabaseURL]:
    with fresh_database(server) as url:
        yield url


def test_same_content_in_two_databases_compares_equal(
    reference: tuple[DatabaseURL, Snapshot], other: DatabaseURL
) -> None:
    # A day later by the session clock: an event without STARTS must still compare equal.
    build(other, session=("SET timestamp = UNIX_TIMESTAMP() + 86400",))
    assert diff(reference[1], snapshot(other)) == []


def test_snapshot_holds_every_kind_of_object(reference: tuple[DatabaseURL, Snapshot]) -> None:
    taken = reference[1]
    products = taken["tables"]["products"]
    assert products["columns"]["total"]["GENERATION_EXPRESSION"] == "`price` * `qty`"
    assert products["indexes"]["ft_title"]["INDEX_TYPE"] == "FULLTEXT"
    assert taken["tables"]["places"]["indexes"]["sp_pos"]["INDEX_TYPE"] == "SPATIAL"
    assert products["constraints"]["FOREIGN KEY fk_color"]["UPDATE_RULE"] == "CASCADE"
    partitions = taken["tables"]["sales"]["partitioning"]["partitions"]
    assert [p["PARTITION_DESCRIPTION"] for p in partitions] == ["2024", "2025", "MAXVALUE"]
    assert partitions[0]["subpartitions"] == ["p2023sp0", "p2023sp1"]
    assert taken["tables"]["notes"]["data"]["rows"] == 4
    assert taken["tables"]["note_seq"]["TABLE_TYPE"] == "SEQUENCE"
    assert len(taken["routines"]["PROCEDURE restock"]["parameters"]) == 3
    assert taken["routines"]["FUNCTION with_tax"]["DTD_IDENTIFIER"] == "decimal(10,2)"
    assert taken["triggers"]["products_bi"]["ACTION_TIMING"] == "BEFORE"
    assert taken["events"]["purge_sales"]["STARTS"] is None
    assert taken["events"]["yearly_report"]["STARTS"] == "2030-01-01 00:00:00"
    assert not is_empty(taken)


def test_snapshot_is_json_and_never_names_the_database(
    reference: tuple[DatabaseURL, Snapshot],
) -> None:
    url, taken = reference
    text = json.dumps(taken, ensure_ascii=False)
    assert url.database not in text
    assert "`with_tax`(" in taken["views"]["cheap"]["VIEW_DEFINITION"]
    assert taken["tables"]["notes"]["columns"]["n"]["COLUMN_DEFAULT"] == "nextval(`note_seq`)"
    assert diff(json.loads(text), taken) == []


@pytest.mark.parametrize("change", list(CHANGES))
def test_each_small_change_is_reported(
    change: str, reference: tuple[DatabaseURL, Snapshot], other: DatabaseURL
) -> None:
    statements, expected = CHANGES[change]
    build(other, *statements)
    lines = diff(reference[1], snapshot(other))
    assert any(line.startswith(expected) for line in lines), lines


def test_comments_in_a_procedure_body_are_not_a_difference(
    reference: tuple[DatabaseURL, Snapshot], other: DatabaseURL
) -> None:
    build(other, "DROP PROCEDURE restock", PROCEDURE_HEAD.format(qty_type="INT") + STRIPPED_BODY)
    taken = snapshot(other)
    bodies = [
        s["routines"]["PROCEDURE restock"]["ROUTINE_DEFINITION"] for s in (reference[1], taken)
    ]
    assert bodies == [COMMENTED_BODY, STRIPPED_BODY]
    assert diff(reference[1], taken) == []


def test_character_set_client_is_compared_only_when_asked(
    reference: tuple[DatabaseURL, Snapshot], other: DatabaseURL
) -> None:
    build(other, "DROP PROCEDURE restock")
    execute(other, (PROCEDURE,), charset="latin1")
    taken = snapshot(other)
    assert diff(reference[1], taken) == []
    assert "routine PROCEDURE restock: session: CHARACTER_SET_CLIENT utf8mb4 != latin1" in diff(
        reference[1], taken, session_charsets=True
    )


def test_auto_increment_counters_are_not_compared(
    reference: tuple[DatabaseURL, Snapshot], other: DatabaseURL
) -> None:
    build(
        other, "INSERT INTO colors (name) VALUES ('tmp')", "DELETE FROM colors WHERE name = 'tmp'"
    )
    assert diff(reference[1], snapshot(other)) == []


def test_row_order_does_not_matter(
    reference: tuple[DatabaseURL, Snapshot], other: DatabaseURL
) -> None:
    refill = (
        "INSERT INTO notes (body, added, n) VALUES (NULL, NULL, 1), ('', NULL, 8),"
        " (x'00ff', '2024-01-01 00:00:00.000001', 7), (x'00ff', '2024-01-01 00:00:00.000001', 7)"
    )
    build(other, "DELETE FROM notes", refill)
    assert diff(reference[1], snapshot(other)) == []


def test_data_checksums_do_not_depend_on_the_session(
    reference: tuple[DatabaseURL, Snapshot],
) -> None:
    url, taken = reference
    session = {"charset": "latin1", "init_command": "SET time_zone = '+05:00'"}
    connection = pymysql.connect(**{**url.driver_kwargs(), **session})
    try:
        latin1 = snap.take(connection, url.database)
    finally:
        connection.close()
    for name, table in taken["tables"].items():
        assert latin1["tables"][name]["data"] == table["data"], name


def test_bookkeeping_tables_are_left_out(
    reference: tuple[DatabaseURL, Snapshot], other: DatabaseURL
) -> None:
    build(
        other,
        "CREATE TABLE roble_audit (id INT PRIMARY KEY)",
        "INSERT INTO roble_audit VALUES (1)",
        "CREATE TABLE _yoyo_migration (migration_hash VARCHAR(64) PRIMARY KEY)",
        "CREATE TRIGGER roble_audit_bi BEFORE INSERT ON roble_audit FOR EACH ROW SET NEW.id = 2",
    )
    assert diff(reference[1], snapshot(other)) == []
    everything = diff(snapshot(reference[0], exclude=()), snapshot(other, exclude=()))
    assert "table roble_audit: only in b" in everything
    assert "table _yoyo_migration: only in b" in everything


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE t (id INT)",
        "CREATE VIEW v AS SELECT 1 AS one",
        "CREATE FUNCTION f() RETURNS INT RETURN 1",
        "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DISABLE DO SET @x = 1",
    ],
)
def test_is_empty_ignores_only_bookkeeping(other: DatabaseURL, statement: str) -> None:
    assert is_empty(snapshot(other))
    execute(other, ("CREATE TABLE roble_lock (id INT)", "CREATE TABLE _yoyo_log (id INT)"))
    assert is_empty(snapshot(other))
    assert is_empty(snapshot(other, exclude=()))
    assert not is_empty(snapshot(other, exclude=()), exclude=())
    execute(other, (statement,))
    assert not is_empty(snapshot(other))


# ---------------------------------------------------------------- no server needed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT 1; -- note\nSELECT 2", "SELECT 1;\nSELECT 2"),
        ("SELECT 1;# note\nSELECT 2", "SELECT 1;\nSELECT 2"),
        ("SELECT 1 /* a\nb */ + 2", "SELECT 1 + 2"),
        ("SELECT 4/*x*/+5", "SELECT 4 +5"),
        ("SELECT 1 --1", "SELECT 1 --1"),
        ("SELECT 1 --", "SELECT 1"),
        (
            "SELECT /*! STRAIGHT_JOIN */ 1 /*M!100100 + 1 */",
            "SELECT /*! STRAIGHT_JOIN */ 1 /*M!100100 + 1 */",
        ),
        ('SELECT \'-- a # b /* c */\', "it\\" -- s", `x -- y`', None),
        ("SELECT 'it''s -- x' -- gone", "SELECT 'it''s -- x'"),
        ("SELECT 'a\n\n  b'   \n\n  FROM t", "SELECT 'a\n\n  b'\nFROM t"),
        ("SELECT 1\r\nFROM t", "SELECT 1\r\nFROM t"),
        ("SELECT a\nFROM t", "SELECT a\nFROM t"),
    ],
)
def test_normalise_body(text: str, expected: str | None) -> None:
    assert normalise_body(text) == (text if expected is None else expected)


def test_normalise_body_keeps_line_breaks_and_case_significant() -> None:
    assert normalise_body("SELECT a FROM t") != normalise_body("SELECT a\nFROM t")
    assert normalise_body("SELECT a FROM t") != normalise_body("select a from t")


def test_strip_schema_only_removes_the_own_qualifier() -> None:
    text = "select `db`.`t`.`a` AS `a`,'`db`.x' from `db`.`t` join `dbx`.`u`"
    expected = "select `t`.`a` AS `a`,'`db`.x' from `t` join `dbx`.`u`"
    assert snap.strip_schema(text, "db") == expected


def _table(**fields: object) -> Snapshot:
    table = {"columns": {"c": {"COLUMN_TYPE": "int(11)"}}, "SHOW CREATE TABLE": "CREATE ..."}
    return {
        "tables": {"t": {**table, **fields}},
        "views": {},
        "routines": {},
        "triggers": {},
        "events": {},
    }


def test_show_create_table_is_reported_only_when_nothing_else_differs() -> None:
    other_text = _table(**{"SHOW CREATE TABLE": "CREATE ... KEY_BLOCK_SIZE=8"})
    assert diff(_table(), other_text) == [
        "table t: SHOW CREATE TABLE 'CREATE ...' != 'CREATE ... KEY_BLOCK_SIZE=8'"
    ]
    both = {**other_text["tables"]["t"], "columns": {"c": {"COLUMN_TYPE": "bigint(20)"}}}
    assert diff(_table(), _table(**both)) == [
        "table t: column c: COLUMN_TYPE int(11) != bigint(20)"
    ]


def test_exclusion_is_case_sensitive() -> None:
    assert snap.is_excluded("roble_audit", snap.BOOKKEEPING)
    assert snap.is_excluded("_yoyo_log", snap.BOOKKEEPING)
    assert not snap.is_excluded("Roble_audit", snap.BOOKKEEPING)
    assert not snap.is_excluded("yoyo_log", snap.BOOKKEEPING)
