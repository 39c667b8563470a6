"""Bringing a program in from its Word document (issue 18).

``reader`` opens a .docx safely and flattens it into paragraphs and tables (merged cells
resolved); ``passport`` and ``plan`` read the program's passport and its measures table from
them into the typed structure of ``parsed`` — all without touching the database. ``services``
keeps the upload while the user checks the preview and creates the draft program from the
confirmed structure in one transaction; ``views``/``forms`` are the pages, and
``manage.py program_import_docx`` the command."""
