"""The dashboard's rows, written once in Python (``board.tables``): ``{{ page.exceptions|exception_rows:period }}``."""

from django import template

from board import tables

register = template.Library()

register.filter("exception_rows", tables.exception_rows)
register.filter("rag_rows", tables.rag_rows)
register.filter("return_rows", tables.return_rows)
