from roble_sql.cli import main

main()
