"""One module per rule code; each registers its rule with `roble_sql.lint.registry`.

Every module here is imported by the registry, so a new rule needs only its module.
"""
