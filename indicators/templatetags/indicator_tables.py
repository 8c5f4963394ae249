"""The widest tables' rows, written once in Python (``indicators.tables``): ``{{ page|area_value_rows }}``.

And ``{% rag_counts counts %}``, the badges of a ``RagCounts`` (``indicators.badges``), once per theme card.
"""

from django import template

from indicators import badges, tables

register = template.Library()

register.filter("theme_indicator_rows", tables.theme_indicator_rows)
register.filter("area_indicator_rows", tables.area_indicator_rows)
register.filter("period_rows", tables.period_rows)
register.filter("area_value_rows", tables.area_value_rows)
register.simple_tag(badges.rag_counts, name="rag_counts")
