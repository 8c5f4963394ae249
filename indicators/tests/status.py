"""The judged figures as tests compare them: every stored field but the id and the time judged."""

from indicators.models import IndicatorStatus, ReportingPeriod

STORED_FIELDS = [
    field.attname for field in IndicatorStatus._meta.concrete_fields if field.attname not in ("id", "judged_at")
]


def stored_rows() -> list[tuple]:
    """Every row of ``IndicatorStatus``, in a stable order, for comparing two states."""
    return sorted(IndicatorStatus.objects.values_list(*STORED_FIELDS), key=repr)


def ensure_periods() -> list[ReportingPeriod]:
    """Every quarter of 2012/13 to 2014/15 (made closed where missing), in order."""
    for year in (2012, 2013, 2014):
        for quarter in (1, 2, 3, 4):
            starts, ends = ReportingPeriod.dates_for(year, quarter)
            ReportingPeriod.objects.get_or_create(
                financial_year=year,
                quarter=quarter,
                defaults={"starts_on": starts, "ends_on": ends, "return_deadline": ends, "status": "closed"},
            )
    return list(ReportingPeriod.objects.order_by("financial_year", "quarter"))
