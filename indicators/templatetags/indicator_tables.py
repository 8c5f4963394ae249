"""The widest tables' rows, written once in Python (``indicators.tables``): ``{{ page|ward_value_rows }}``."""

from django import template

from indicators import tables

register = template.Library()

register.filter("theme_indicator_rows", tables.theme_indicator_rows)
register.filter("ward_indicator_rows", tables.ward_indicator_rows)
register.filter("period_rows", tables.period_rows)
register.filter("ward_value_rows", tables.ward_value_rows)
register.filter("exception_rows", tables.exception_rows)
