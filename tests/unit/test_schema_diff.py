"""The schema model without a database: comparison, diff lines, introspection rows, SQL, ERD."""

from __future__ import annotations

from dataclasses import replace

import pytest

from roble_sql.errors import AccessDenied
from roble_sql.schema import (
    ADD,
    ALTER,
    DROP,
    Check,
    Column,
    Dialect,
    ForeignKey,
    Index,
    IndexPart,
    Routine,
    Schema,
    Table,
    TableOptions,
    Trigger,
    View,
    build_schema,
    compare,
    dump,
    mermaid,
    read_schema,
)
from roble_sql.schema.ddl import (
    column_sql,
    create_table_sql,
    split_definer,
    type_label,
    with_definer,
)
from roble_sql.schema.dump import ordered_views

UNICODE = TableOptions("InnoDB", "utf8mb4", "utf8mb4_unicode_ci")


def col(name: str, type_: str = "int(11)", position: int = 0, **kw: object) -> Column:
    if type_.startswith(("varchar", "char", "text")):
        kw.setdefault("charset", "utf8mb4")
        kw.setdefault("collation", "utf8mb4_unicode_ci")
    kw.setdefault("default", "NULL" if kw.get("nullable", True) else None)
    return Column(name, type_, position=position, **kw)  # type: ignore[arg-type]


def key(name: str, *columns: str, kind: str = "index", position: int = 1) -> Index:
    return Index(name, kind, tuple(IndexPart(c) for c in columns), position=position)


def colors(*extra: Column, indexes: tuple[Index, ...] = ()) -> Table:
    columns = (
        col("id_color", nullable=False, default=None, auto_increment=True),
        col("name", "varchar(50)", nullable=False),
        col("active", "tinyint(1)", nullable=False),
        *extra,
    )
    columns = tuple(replace(c, position=i) for i, c in enumerate(columns, start=1))
    primary = key("PRIMARY", "id_color", kind="primary", position=1)
    return Table("colors", columns, (primary, *indexes), options=UNICODE)


def schema(*tables: Table, **kw: object) -> Schema:
    return Schema(tables=tuple(sorted(tables, key=lambda t: t.name)), **kw)  # type: ignore[arg-type]


# -- compare: tables and columns --------------------------------------------------------------


def test_identical_schemas_have_no_changes():
    diff = compare(schema(colors()), schema(colors()))
    assert not diff
    assert diff.lines() == []


def test_an_added_column_is_one_short_line():
    hex_code = col("hex_code", "varchar(7)")
    diff = compare(schema(colors()), schema(colors(hex_code)))
    assert diff.lines() == ["+ column colors.hex_code VARCHAR(7) NULL"]
    (change,) = diff.changes
    assert (change.action, change.kind, change.table, change.name) == (
        ADD,
        "column",
        "colors",
        "hex_code",
    )
    assert change.old is None and change.new.name == "hex_code"


def test_a_dropped_column_shows_what_it_was():
    extra = col("notes", "varchar(20)", nullable=False, default="'-'", comment="free text")
    diff = compare(schema(colors(extra)), schema(colors()))
    assert diff.lines() == [
        "- column colors.notes VARCHAR(20) NOT NULL DEFAULT '-' COMMENT 'free text'"
    ]
    assert diff.changes[0].action == DROP


def test_a_changed_column_lists_each_attribute():
    before = col("price", "decimal(10,2)", nullable=True)
    after = col("price", "decimal(12,2)", nullable=False, default="0.00")
    diff = compare(schema(colors(before)), schema(colors(after)))
    assert diff.lines() == [
        "~ column colors.price: type DECIMAL(10,2) -> DECIMAL(12,2); NULL -> NOT NULL;"
        " default NULL -> 0.00"
    ]
    (change,) = diff.changes
    assert change.action == ALTER
    assert change.changed == ("type", "nullable", "default")
    assert change.old == replace(before, position=4) and change.new == replace(after, position=4)


def test_collation_and_comment_changes():
    before = col("name2", "varchar(10)")
    after = col("name2", "varchar(10)", collation="utf8mb4_bin", comment="shown")
    lines = compare(schema(colors(before)), schema(colors(after))).lines()
    assert lines == [
        "~ column colors.name2: collation utf8mb4_unicode_ci -> utf8mb4_bin; comment '' -> 'shown'"
    ]


def test_a_column_with_another_collation_than_its_table_says_so():
    latin = col("code", "char(3)", charset="latin1", collation="latin1_swedish_ci")
    assert compare(schema(colors()), schema(colors(latin))).lines() == [
        "+ column colors.code CHAR(3) CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL"
    ]


def test_adding_a_column_in_the_middle_moves_nothing():
    a, b = col("a"), col("b")
    before = colors(a, b)
    middle = col("m")
    after = replace(before, columns=(*before.columns[:4], middle, before.columns[4]))
    after = replace(
        after, columns=tuple(replace(c, position=i) for i, c in enumerate(after.columns, 1))
    )
    assert compare(schema(before), schema(after)).lines() == ["+ column colors.m INT(11) NULL"]


def test_a_column_put_back_elsewhere_is_reported_as_moved():
    before = colors(col("width"), col("depth"))
    cols = before.columns
    after = replace(before, columns=(*cols[:3], cols[4], cols[3]))
    after = replace(
        after, columns=tuple(replace(c, position=i) for i, c in enumerate(after.columns, 1))
    )
    lines = compare(schema(before), schema(after)).lines()
    assert lines == ["~ column colors.width: position after active -> after depth"]


def test_added_and_dropped_tables_and_options():
    sizes = Table("sizes", (col("id", nullable=False, default=None, position=1),), options=UNICODE)
    legacy = Table("legacy", (col("id", position=1), col("x", position=2)), options=UNICODE)
    myisam = replace(colors(), options=replace(UNICODE, engine="MyISAM", comment="old"))
    diff = compare(schema(colors(), legacy), schema(myisam, sizes))
    assert diff.lines() == [
        "~ table colors: engine InnoDB -> MyISAM; comment none -> old",
        "- table legacy (2 columns)",
        "+ table sizes (1 column)",
    ]


# -- compare: keys and constraints ------------------------------------------------------------


def test_index_column_changes_read_as_before_and_after():
    before = colors(indexes=(key("idx_colors_name", "name", position=2),))
    after = colors(indexes=(key("idx_colors_name", "name", "active", position=2),))
    diff = compare(schema(before), schema(after))
    assert diff.lines() == ["~ index colors.idx_colors_name: columns (name) -> (name, active)"]
    assert diff.changes[0].changed == ("columns",)


def test_index_kind_prefix_and_order_changes():
    unique = Index("name", "unique", (IndexPart("name", length=10),), position=2)
    desc = Index("by_name", "index", (IndexPart("name", descending=True),), position=3)
    diff = compare(schema(colors()), schema(colors(indexes=(unique, desc))))
    assert diff.lines() == [
        "+ index colors.name UNIQUE (name(10))",
        "+ index colors.by_name (name DESC)",
    ]
    ignored = replace(desc, ignored=True, kind="unique")
    diff = compare(schema(colors(indexes=(desc,))), schema(colors(indexes=(ignored,))))
    assert diff.lines() == ["~ index colors.by_name: kind index -> unique; ignored no -> yes"]


def _furniture(fk: ForeignKey | None) -> Table:
    columns = (
        col("id_furniture", nullable=False, default=None, position=1),
        col("id_color", position=2),
    )
    return Table("furniture", columns, foreign_keys=(fk,) if fk else (), options=UNICODE)


def test_foreign_keys_added_and_changed():
    fk = ForeignKey("fk_furniture_color", ("id_color",), "colors", ("id_color",))
    added = compare(schema(colors(), _furniture(None)), schema(colors(), _furniture(fk)))
    assert added.lines() == [
        "+ foreign key furniture.fk_furniture_color (id_color) -> colors (id_color)"
    ]
    cascade = replace(fk, on_delete="CASCADE", ref_schema="other")
    changed = compare(schema(_furniture(fk)), schema(_furniture(cascade)))
    assert changed.lines() == [
        "~ foreign key furniture.fk_furniture_color: references colors (id_color) ->"
        " other.colors (id_color); on delete RESTRICT -> CASCADE"
    ]


def test_check_constraints():
    positive = Check("chk_price", "`price` > 0")
    before = replace(colors(), checks=(positive,))
    after = replace(colors(), checks=(replace(positive, clause="`price` >= 0"),))
    assert compare(schema(before), schema(after)).lines() == [
        "~ check colors.chk_price: clause `price` > 0 -> `price` >= 0"
    ]
    assert compare(schema(colors()), schema(before)).lines() == [
        "+ check colors.chk_price (`price` > 0)"
    ]


# -- compare: views, triggers, routines -------------------------------------------------------

VIEW = View(
    "active_colors",
    "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `active_colors` AS select 1",
    "select 1",
)
TRIGGER = Trigger(
    "trg_colors",
    "colors",
    "BEFORE",
    "INSERT",
    "SET NEW.active = 1",
    "CREATE TRIGGER trg_colors BEFORE INSERT ON colors FOR EACH ROW SET NEW.active = 1",
)
PROC = Routine("fill", "PROCEDURE", "CREATE PROCEDURE `fill`()\nBEGIN\n  DO 1;\nEND")


def test_stored_objects_added_dropped_changed_in_a_stable_order():
    func = Routine("fill", "FUNCTION", "CREATE FUNCTION `fill`() RETURNS int(11)\nRETURN 1")
    before = schema(colors(), views=(VIEW,), routines=(PROC,), triggers=(TRIGGER,))
    after = schema(
        colors(),
        views=(replace(VIEW, select="select 2", definition=VIEW.definition[:-1] + "2"),),
        routines=(func, replace(PROC, definition=PROC.definition.replace("DO 1", "DO 2"))),
        triggers=(),
    )
    assert compare(before, after).lines() == [
        "~ view active_colors: definition changed",
        "+ function fill",
        "~ procedure fill: definition changed",
        "- trigger trg_colors (BEFORE INSERT ON colors)",
    ]


def test_definers_are_not_compared():
    before = schema(views=(replace(VIEW, definer="`a`@`%`"),), routines=(PROC,))
    after = schema(
        views=(replace(VIEW, definer="`b`@`localhost`"),),
        routines=(replace(PROC, definer="`b`@`h`"),),
    )
    assert not compare(before, after)


def test_trigger_timing_and_order_changes():
    after = replace(TRIGGER, timing="AFTER", order=2)
    assert compare(schema(triggers=(TRIGGER,)), schema(triggers=(after,))).lines() == [
        "~ trigger trg_colors: event BEFORE INSERT ON colors -> AFTER INSERT ON colors; order 1 -> 2"
    ]


# -- SQL fragments ----------------------------------------------------------------------------


def test_column_sql_matches_show_create_spelling():
    options = UNICODE
    assert column_sql(col("id", nullable=False, default=None, auto_increment=True), options) == (
        "`id` int(11) NOT NULL AUTO_INCREMENT"
    )
    assert column_sql(col("deleted_at", "timestamp"), options) == (
        "`deleted_at` timestamp NULL DEFAULT NULL"
    )
    stamp = col(
        "changed",
        "timestamp(3)",
        nullable=False,
        default="current_timestamp(3)",
        on_update="current_timestamp(3)",
    )
    assert column_sql(stamp, options) == (
        "`changed` timestamp(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3)"
    )
    generated = col("doubled", "int(11)", generated="`a` * 2", storage="STORED", default=None)
    assert (
        column_sql(generated, options) == "`doubled` int(11) GENERATED ALWAYS AS (`a` * 2) STORED"
    )
    quoted = col("n", "varchar(5)", comment="it's a \\ back", collation="utf8mb4_bin")
    assert column_sql(quoted, options, (Check("n", "`n` <> ''", "n"),)) == (
        "`n` varchar(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL"
        " COMMENT 'it''s a \\\\ back' CHECK (`n` <> '')"
    )


def test_create_table_sql_puts_keys_foreign_keys_and_checks_in_order():
    fk = ForeignKey("fk_c", ("id_color",), "colors", ("id_color",), on_delete="SET NULL")
    table = replace(
        _furniture(fk),
        indexes=(
            key("PRIMARY", "id_furniture", kind="primary"),
            key("fk_c", "id_color", position=2),
        ),
        checks=(Check("chk", "`id_color` > 0"),),
        options=replace(UNICODE, extra=("row_format=DYNAMIC",), comment="things"),
    )
    assert create_table_sql(table) == (
        "CREATE TABLE `furniture` (\n"
        "  `id_furniture` int(11) NOT NULL,\n"
        "  `id_color` int(11) DEFAULT NULL,\n"
        "  PRIMARY KEY (`id_furniture`),\n"
        "  KEY `fk_c` (`id_color`),\n"
        "  CONSTRAINT `fk_c` FOREIGN KEY (`id_color`) REFERENCES `colors` (`id_color`) ON DELETE SET NULL,\n"
        "  CONSTRAINT `chk` CHECK (`id_color` > 0)\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC"
        " COMMENT='things'"
    )


@pytest.mark.parametrize(
    ("statement", "bare", "definer"),
    [
        (
            "CREATE DEFINER=`root`@`localhost` TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a=1",
            "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a=1",
            "`root`@`localhost`",
        ),
        (
            "CREATE ALGORITHM=MERGE DEFINER=`a``b`@`%` SQL SECURITY INVOKER VIEW `v` AS select 1",
            "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `v` AS select 1",
            "`a``b`@`%`",
        ),
        ("CREATE PROCEDURE `p`()\nDO 1", "CREATE PROCEDURE `p`()\nDO 1", None),
    ],
)
def test_definer_is_split_off_and_put_back(statement: str, bare: str, definer: str | None):
    assert split_definer(statement) == (bare, definer)
    assert with_definer(bare, definer) == statement


def test_type_labels_upper_case_keywords_only():
    assert type_label("varchar(7)") == "VARCHAR(7)"
    assert type_label("decimal(10,2) unsigned") == "DECIMAL(10,2) UNSIGNED"
    assert type_label("enum('a)','b')") == "ENUM('a)','b')"
    assert type_label("text") == "TEXT"


# -- dump and ERD ------------------------------------------------------------------------------


def test_dump_is_deterministic_and_picks_a_free_delimiter():
    dollar = Routine("p", "PROCEDURE", "CREATE PROCEDURE `p`()\nSELECT '$$'")
    found = schema(colors(), routines=(dollar,), triggers=(TRIGGER,), views=(VIEW,))
    text = dump(found)
    assert text == dump(found)
    assert "DELIMITER //\nCREATE PROCEDURE `p`()\nSELECT '$$'//\nDELIMITER ;" in text
    assert "DELIMITER $$\nCREATE TRIGGER trg_colors" in text
    assert text.index("CREATE TABLE `colors`") < text.index("CREATE PROCEDURE")
    assert text.index("CREATE PROCEDURE") < text.index("VIEW `active_colors`")
    assert text.index("VIEW `active_colors`") < text.index("CREATE TRIGGER")
    assert "SET FOREIGN_KEY_CHECKS = 0;" in text
    assert text.rstrip().endswith("SET FOREIGN_KEY_CHECKS = @roble_foreign_key_checks;")
    assert "DEFINER=" not in dump(replace(found, routines=(replace(dollar, definer="`x`@`y`"),)))
    assert "CREATE DEFINER=`x`@`y` PROCEDURE" in dump(
        replace(found, routines=(replace(dollar, definer="`x`@`y`"),)), definers=True
    )


def test_views_come_after_the_views_they_read():
    base = replace(VIEW, name="b_base", select="select 1")
    top = replace(VIEW, name="a_top", select="select `x` from `b_base`")
    assert [v.name for v in ordered_views((top, base))] == ["b_base", "a_top"]


def test_erd_marks_keys_and_draws_one_relationship_per_foreign_key():
    fk = ForeignKey("fk_furniture_color", ("id_color",), "colors", ("id_color",))
    unique = colors(col("hex_code", "varchar(7)"), indexes=(key("hex", "hex_code", kind="unique"),))
    text = mermaid(schema(unique, _furniture(fk)))
    assert text.splitlines()[0] == "erDiagram"
    assert "        int(11) id_color PK" in text
    assert "        varchar(7) hex_code UK" in text
    assert "        int(11) id_color FK" in text
    assert '    colors |o--o{ furniture : "fk_furniture_color"' in text
    one_to_one = _furniture(fk)
    one_to_one = replace(
        one_to_one,
        columns=(one_to_one.columns[0], replace(one_to_one.columns[1], nullable=False)),
        indexes=(key("uq", "id_color", kind="unique"),),
    )
    assert '    colors ||--o| furniture : "fk_furniture_color"' in mermaid(
        schema(colors(), one_to_one)
    )


# -- introspection rows ---------------------------------------------------------------------------

ROWS = {
    "defaults": [("utf8mb4", "utf8mb4_general_ci")],
    "tables": [
        (
            "colors",
            "BASE TABLE",
            "InnoDB",
            "utf8mb4_unicode_ci",
            "row_format=DYNAMIC partitioned",
            "c",
        ),
        ("_yoyo_migration", "BASE TABLE", "InnoDB", "utf8mb4_general_ci", "", ""),
        ("roble_audit", "BASE TABLE", "InnoDB", "utf8mb4_general_ci", "", ""),
        ("seq", "SEQUENCE", "InnoDB", None, "", ""),
        ("v", "VIEW", None, None, None, "VIEW"),
    ],
    "columns": [
        ("colors", "id", 1, None, "NO", "int", "int(11)", None, None, "auto_increment", "", None),
        (
            "colors",
            "name",
            2,
            "'x'",
            "NO",
            "varchar",
            "varchar(5)",
            "utf8mb4",
            "utf8mb4_bin",
            "",
            "n",
            None,
        ),
        (
            "colors",
            "g",
            3,
            "NULL",
            "YES",
            "int",
            "int(11)",
            None,
            None,
            "VIRTUAL GENERATED",
            "",
            "`id` + 1",
        ),
        (
            "colors",
            "ts",
            4,
            "current_timestamp()",
            "NO",
            "timestamp",
            "timestamp",
            None,
            None,
            "on update current_timestamp()",
            "",
            None,
        ),
        (
            "_yoyo_migration",
            "migration_id",
            1,
            None,
            "NO",
            "varchar",
            "varchar(255)",
            "utf8mb4",
            "utf8mb4_general_ci",
            "",
            "",
            None,
        ),
    ],
    "indexes": [
        ("colors", "PRIMARY", 0, 1, "id", None, "A", "BTREE", "", "NO", None),
        ("colors", "uq", 0, 2, "id", None, "A", "BTREE", "", "YES", None),
        ("colors", "uq", 0, 1, "name", 3, "D", "BTREE", "", "YES", None),
    ],
    "foreign_keys": [
        ("colors", "fk_self", "id", 1, "app", "colors", "id", "CASCADE", "RESTRICT"),
        ("colors", "fk_other", "id", 1, "elsewhere", "t", "id", "RESTRICT", "SET NULL"),
    ],
    "checks": [
        ("colors", "name", "`name` <> ''", "Column"),
        ("colors", "chk", "`id` > 0", "Table"),
    ],
    "views": [("v", "CASCADED")],
    "triggers": [
        ("t2", "colors", "BEFORE", "INSERT", 2, "SET NEW.id = 2"),
        ("t1", "colors", "BEFORE", "INSERT", 1, "SET NEW.id = 1"),
        ("t_book", "roble_audit", "BEFORE", "INSERT", 1, "SET NEW.id = 1"),
    ],
    "routines": [("PROCEDURE", "p"), ("PACKAGE", "pk")],
    "events": [("nightly",)],
}
STATEMENTS = {
    ("VIEW", "v"): "CREATE ALGORITHM=UNDEFINED DEFINER=`u`@`%` SQL SECURITY DEFINER VIEW `v` AS"
    " select `colors`.`id` AS `id` from `colors` WITH CASCADED CHECK OPTION",
    (
        "TRIGGER",
        "t1",
    ): "CREATE DEFINER=`u`@`%` TRIGGER t1 BEFORE INSERT ON colors FOR EACH ROW SET NEW.id = 1",
    (
        "TRIGGER",
        "t2",
    ): "CREATE DEFINER=`u`@`%` TRIGGER t2 BEFORE INSERT ON colors FOR EACH ROW SET NEW.id = 2",
    ("PROCEDURE", "p"): "CREATE DEFINER=`u`@`%` PROCEDURE `p`()\nDO 1",
}


def test_build_schema_from_information_schema_rows():
    found = build_schema(ROWS, STATEMENTS, database="app")
    assert [t.name for t in found.tables] == ["colors"]
    table = found.tables[0]
    assert table.options == TableOptions(
        "InnoDB", "utf8mb4", "utf8mb4_unicode_ci", "c", ("row_format=DYNAMIC",)
    )
    ident, name, generated, ts = table.columns
    assert ident.auto_increment and not ident.nullable and ident.default is None
    assert (name.default, name.collation, name.comment) == ("'x'", "utf8mb4_bin", "n")
    assert (generated.generated, generated.storage, generated.default) == (
        "`id` + 1",
        "VIRTUAL",
        None,
    )
    assert ts.on_update == "current_timestamp()"
    assert [i.name for i in table.indexes] == ["PRIMARY", "uq"]
    uq = table.indexes[1]
    assert uq.kind == "unique" and uq.ignored
    assert uq.parts == (IndexPart("name", 3, True), IndexPart("id"))
    fks = {fk.name: fk for fk in table.foreign_keys}
    assert fks["fk_self"].ref_schema is None and fks["fk_self"].on_delete == "CASCADE"
    assert fks["fk_other"].ref_schema == "elsewhere" and fks["fk_other"].on_update == "SET NULL"
    assert table.checks == (
        Check("name", "`name` <> ''", "name", 1),
        Check("chk", "`id` > 0", None, 2),
    )
    (view,) = found.views
    assert (view.select, view.check_option, view.definer) == (
        "select `colors`.`id` AS `id` from `colors`",
        "CASCADED",
        "`u`@`%`",
    )
    assert [t.name for t in found.triggers] == ["t1", "t2"]
    assert found.triggers[0].definition.startswith("CREATE TRIGGER t1 ")
    assert found.routines == (Routine("p", "PROCEDURE", "CREATE PROCEDURE `p`()\nDO 1", "`u`@`%`"),)
    assert found.skipped == (
        "event nightly",
        "package pk",
        "partitioning of table colors",
        "sequence seq",
    )
    assert (found.charset, found.collation) == ("utf8mb4", "utf8mb4_general_ci")


def test_read_schema_runs_the_queries_through_the_callable_it_is_given():
    sent: list[tuple[str, object]] = []
    dialect = Dialect.from_version("10.11.19-MariaDB-0+deb12u1")
    answers = {sql: ROWS.get(name, []) for name, sql in dialect.queries().items()}

    def query(sql: str, args: object) -> list[tuple[object, ...]]:
        sent.append((sql, args))
        if sql.startswith("SHOW CREATE"):
            kind, name = sql.split()[2], sql.rsplit(".", 1)[1].strip("`")
            return [
                ("x", "y", STATEMENTS[(kind, name)])
                if kind != "VIEW"
                else ("v", STATEMENTS[(kind, name)])
            ]
        return answers[sql]

    found = read_schema(query, "app", server_version="10.11.19-MariaDB", ignore=("custom_log",))
    assert [t.name for t in found.tables] == ["colors"]
    shows = [sql for sql, _ in sent if sql.startswith("SHOW CREATE")]
    assert shows == [
        "SHOW CREATE VIEW `app`.`v`",
        "SHOW CREATE TRIGGER `app`.`t2`",
        "SHOW CREATE TRIGGER `app`.`t1`",
        "SHOW CREATE PROCEDURE `app`.`p`",
    ]  # never for the bookkeeping table's trigger, nor for the package
    assert all(args == ("app",) for sql, args in sent if not sql.startswith("SHOW"))


def test_read_schema_refuses_a_definition_it_may_not_see():
    def query(sql: str, args: object) -> list[tuple[object, ...]]:
        if sql.startswith("SHOW CREATE"):
            return [("p", "", None)]
        return [("PROCEDURE", "p")] if "ROUTINES" in sql else []

    with pytest.raises(AccessDenied, match="procedure p"):
        read_schema(query, "app", server_version="10.11.19-MariaDB")


def test_dialects_pick_their_queries():
    old = Dialect.from_version("10.5.4-MariaDB").queries()
    assert "'NO'" in old["indexes"] and "'Table'" in old["checks"]
    new = Dialect.from_version("10.11.19-MariaDB-0+deb12u1").queries()
    assert "IGNORED" in new["indexes"] and "LEVEL" in new["checks"]
    mysql = Dialect.from_version("8.0.36")
    assert mysql.flavor == "mysql"
    assert "IS_VISIBLE" in mysql.queries()["indexes"]
    assert "TABLE_CONSTRAINTS" in mysql.queries()["checks"]
    assert "checks" not in Dialect.from_version("5.7.44-log").queries()


def test_mysql_defaults_are_written_as_sql():
    rows = {
        "tables": [("t", "BASE TABLE", "InnoDB", "utf8mb4_0900_ai_ci", "", "")],
        "columns": [
            ("t", "a", 1, "x'y", "NO", "varchar", "varchar(5)", "utf8mb4", "utf8mb4_0900_ai_ci", "", "", ""),
            ("t", "b", 2, None, "YES", "int", "int", None, None, "", "", ""),
            ("t", "c", 3, "CURRENT_TIMESTAMP", "NO", "timestamp", "timestamp", None, None,
             "DEFAULT_GENERATED on update CURRENT_TIMESTAMP", "", ""),
            ("t", "d", 4, "rand()", "YES", "double", "double", None, None, "DEFAULT_GENERATED", "", ""),
            ("t", "e", 5, "7", "NO", "int", "int", None, None, "", "", ""),
            ("t", "f", 6, None, "YES", "text", "text", "utf8mb4", "utf8mb4_0900_ai_ci", "", "", ""),
        ],
    }  # fmt: skip
    (table,) = build_schema(rows, {}, dialect=Dialect.from_version("8.0.36")).tables
    assert [c.default for c in table.columns] == [
        "'x''y'",
        "NULL",
        "CURRENT_TIMESTAMP",
        "(rand())",
        "7",
        None,
    ]
    assert table.columns[2].on_update == "CURRENT_TIMESTAMP"
