"""An annual report of partnership A holds nothing of partnership B, in its PDF or its HTML version."""

from partnership import scope
from partnership.tests.test_isolation import OTHER_NAMES
from reports import services

from .helpers import report_pdf_text


def test_a_report_holds_nothing_of_another_partnership(report_world, make):
    other = make.partnership("Otherfield Partnership", "otherfield", place="Otherfield")
    with scope.using(other):
        plan = make.plan("Otherfield Plan", area="Otherfield")
        police = make.organisation("Otherfield Constabulary")
        forum = make.forum(plan, "Otherfield Safety Forum", organisations=[police])
        theme = make.theme(plan, 1, "Otherfield Streets", forum)
        indicator = make.indicator(theme, "OF-1", "Otherfield burglaries")
        make.measurement(indicator, make.period(2014, 2), 98765)
        make.area("Otherfield Central", "E05099999")

    with scope.using(report_world.plan.partnership_id):
        request = services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False)
        report = services.annual_report_build(report_id=request.report.pk).report

    pdf = report_pdf_text(report)
    html = report.html_file.open("rb").read().decode()
    assert report_world.plan.title in html
    for name in OTHER_NAMES:
        assert name not in pdf and name not in html, name
