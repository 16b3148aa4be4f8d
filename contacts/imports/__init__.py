"""Reading import files, pure computation with no database access: a CSV file (csvfile), an
Excel workbook (workbook), a row into a person with its checks and the column mapping (rows),
and the set-based SQL the writer and other bulk writes build (columns).

The import's stages (upload, mapping, dry run, run) are services in contacts.services.imports;
its reads in contacts.selectors.imports.
"""
