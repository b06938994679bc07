"""The move from WordPress: `manage.py import_wordpress EXPORT.xml` and what it remembers.

`wxr` reads the export as a stream, `body` turns post HTML into article blocks, `comments`
turns comments into replies, `importer` puts them together, post by post; `models` keeps
which WordPress post and comment became which article and reply (so a second run updates),
and `middleware` sends WordPress's `/?p=ID` links to the imported article.
"""
