"""The partners' pages: my returns, the return form, sign-off, history, periods.

Thin views: one helper fetches the return scoped to the user (404 for anyone who may not
see it), a form validates, a service acts, and the view redirects.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from indicators.models import ReportingPeriod
from partnership.models import Forum

from . import imports, permissions, services
from .forms import BackfillForm, ImportUploadForm, QuarterlyReturnForm, ReasonForm
from .models import QuarterlyReturn
from .selectors import my_returns, return_form_data


def _get_return_for_user(request: HttpRequest, forum_pk: int, period_pk: int) -> QuarterlyReturn:
    """The forum's return for the period, saved or not yet started; 404 if the user may not see it."""
    forum = get_object_or_404(Forum.objects.theme_leads(), pk=forum_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    quarterly_return = (
        QuarterlyReturn.objects.select_related("forum", "period", "updated_by", "submitted_by", "approved_by")
        .filter(forum=forum, period=period)
        .first()
    ) or QuarterlyReturn(forum=forum, period=period)
    if not permissions.can_view_return(request.user, quarterly_return):
        raise Http404("No such return.")
    return quarterly_return


@login_required
def signed_in(request: HttpRequest) -> HttpResponse:
    """After sign-in (``LOGIN_REDIRECT_URL``): each role lands on its own work."""
    return redirect(permissions.landing_view_name(request.user))


@login_required
def my_returns_view(request: HttpRequest) -> HttpResponse:
    return render(request, "returns/my_returns.html", {"mine": my_returns(request.user)})


# The two reasons a return's page may ask for, each in its own words when it is missing.
SEND_BACK_REASON = {"label": "What the forum needs to change", "required": "Enter a reason for sending the return back"}
REOPEN_REASON = {"label": "Why reopen this return", "required": "Enter a reason for reopening the return"}


@login_required
def return_detail(request: HttpRequest, forum_pk: int, period_pk: int) -> HttpResponse:
    return _detail_page(request, _get_return_for_user(request, forum_pk, period_pk))


def _detail_page(
    request: HttpRequest, quarterly_return: QuarterlyReturn, *, status: int = 200, **forms
) -> HttpResponse:
    """The return's page; ``forms`` replaces a reason form with the one sent back with a problem."""
    user = request.user
    return render(
        request,
        "returns/return_detail.html",
        {
            "ret": quarterly_return,
            "data": return_form_data(quarterly_return),
            "can_edit": quarterly_return.is_editable and permissions.may_edit_forum(user, quarterly_return.forum_id),
            "can_approve": permissions.can_approve_return(user, quarterly_return),
            "needs_another_approver": quarterly_return.status == QuarterlyReturn.Status.SUBMITTED
            and permissions.submitted_it(user, quarterly_return),
            "can_reopen": quarterly_return.pk and permissions.can_reopen_return(user, quarterly_return),
            "send_back_form": ReasonForm(**SEND_BACK_REASON),
            "reopen_form": ReasonForm(**REOPEN_REASON),
            **forms,
        },
        status=status,
    )


@login_required
def return_edit(request: HttpRequest, forum_pk: int, period_pk: int) -> HttpResponse:
    quarterly_return = _get_return_for_user(request, forum_pk, period_pk)
    if not permissions.may_edit_forum(request.user, forum_pk):
        raise PermissionDenied("You can read this return but not edit it.")
    if not quarterly_return.is_editable:
        messages.info(request, "This return is locked: it has been submitted or approved, or its period is closed.")
        return redirect(quarterly_return.get_absolute_url())

    data_model = return_form_data(quarterly_return)
    form = QuarterlyReturnForm(request.POST or None, data_model=data_model)
    # What became of a refused save, said under the error summary (a message above it would
    # push the summary down from the top of the content).
    outcome = ""
    if request.method == "POST" and form.is_valid():
        if quarterly_return.pk is None:
            quarterly_return = services.return_for(forum=quarterly_return.forum, period=quarterly_return.period)
        action = services.return_submit if "submit" in request.POST else services.return_save
        try:
            saved = action(
                quarterly_return=quarterly_return,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                values=form.value_inputs(),
                progress=form.progress_inputs(),
                narrative=form.narrative(),
            )
        except services.StaleReturn as stale:
            # Keep everything this person typed, and let them decide: the next save is theirs.
            form = QuarterlyReturnForm(_with_version(request.POST, stale.version), data_model=data_model)
            form.is_valid()
            messages.error(
                request,
                f"Not saved: {stale} Your input is still below — check it against theirs, "
                "then save again to keep yours.",
            )
        except services.ReturnIncomplete as incomplete:
            quarterly_return.refresh_from_db()
            data_model = return_form_data(quarterly_return)
            form = QuarterlyReturnForm(_with_version(request.POST, quarterly_return.version), data_model=data_model)
            form.is_valid()
            form.add_problems(incomplete.problems)
            count = len(incomplete.problems)
            if "submit" in request.POST:
                outcome = (
                    f"Saved as a draft but not submitted: {count} {'thing' if count == 1 else 'things'} to fix, "
                    "listed above and marked beside each field."
                )
            else:
                outcome = "Not saved: fix the values listed above."
        except services.ReturnLocked as locked:
            messages.error(request, str(locked))
            return redirect(quarterly_return.get_absolute_url())
        else:
            if saved.status == QuarterlyReturn.Status.SUBMITTED:
                messages.success(request, "Return submitted. The forum lead has been asked to sign it off.")
                return redirect(saved.get_absolute_url())
            messages.success(request, "Draft saved.")
            return redirect("returns:return-edit", forum_pk=forum_pk, period_pk=period_pk)
    elif request.method == "POST":
        outcome = "Not saved: fix the problems listed above. Everything you typed is kept."
    return render(
        request,
        "returns/return_form.html",
        {"ret": quarterly_return, "data": data_model, "form": form, "outcome": outcome},
        status=400 if request.method == "POST" else 200,
    )


def _with_version(post, version: int):
    data = post.copy()
    data["version"] = str(version)
    return data


def _workflow_post(request, forum_pk, period_pk, act, success, *, reason_form: str = "", reason=None):
    """Carry out a workflow step; a step that needs a reason and has none shows the page again with the problem."""
    quarterly_return = _get_return_for_user(request, forum_pk, period_pk)
    if quarterly_return.pk is None:
        raise Http404("This return has not been started.")
    kwargs = {}
    if reason_form:
        form = ReasonForm(request.POST, **reason)
        if not form.is_valid():
            return _detail_page(request, quarterly_return, status=400, **{reason_form: form})
        kwargs["reason"] = form.cleaned_data["reason"]
    try:
        act(quarterly_return=quarterly_return, by=request.user, **kwargs)
    except services.OwnReturn as refused:
        # Said on the return's page, which offers this person no sign-off (separation of duties).
        messages.error(request, str(refused))
        return _detail_page(request, quarterly_return, status=403)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success(quarterly_return) if callable(success) else success)
    return redirect(quarterly_return.get_absolute_url())


@login_required
@require_POST
def return_approve(request, forum_pk: int, period_pk: int):
    def approved(quarterly_return: QuarterlyReturn) -> str:
        if quarterly_return.period.is_published:
            return "Return approved: its values are now published."
        return (
            f"Return approved: its values are ready, and residents will see them when the LSP Support Group "
            f"publishes {quarterly_return.period.label}."
        )

    return _workflow_post(request, forum_pk, period_pk, services.return_approve, approved)


@login_required
@require_POST
def return_send_back(request, forum_pk: int, period_pk: int):
    return _workflow_post(
        request,
        forum_pk,
        period_pk,
        services.return_send_back,
        "Return sent back to the forum with your reason.",
        reason_form="send_back_form",
        reason=SEND_BACK_REASON,
    )


@login_required
@require_POST
def return_reopen(request, forum_pk: int, period_pk: int):
    return _workflow_post(
        request,
        forum_pk,
        period_pk,
        services.return_reopen,
        "Return reopened: the forum can edit it again.",
        reason_form="reopen_form",
        reason=REOPEN_REASON,
    )


@login_required
def return_history(request: HttpRequest, forum_pk: int, period_pk: int) -> HttpResponse:
    quarterly_return = _get_return_for_user(request, forum_pk, period_pk)
    if quarterly_return.pk is None:
        raise Http404("This return has not been started.")
    return render(
        request,
        "returns/return_history.html",
        {"ret": quarterly_return, "events": return_history_events(quarterly_return)},
    )


def return_history_events(quarterly_return: QuarterlyReturn) -> list[dict]:
    """Every recorded change to the return and its values, newest first, as old → new."""
    events = []
    records = list(quarterly_return.history.select_related("history_user").order_by("history_date", "history_id"))
    for previous, record in zip([None, *records], records, strict=False):
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["version", "updated_by"])
            changes = [(QuarterlyReturn._meta.get_field(c.field).verbose_name, c.old, c.new) for c in delta.changes]
        events.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "what": record.history_change_reason or ("Started" if previous is None else "Saved"),
                "changes": changes,
            }
        )
    value_history = (
        quarterly_return.values.model.history.filter(quarterly_return_id=quarterly_return.pk)
        .select_related("history_user", "indicator", "area")
        .order_by("indicator_id", "area_id", "history_date", "history_id")
    )
    last: dict = {}
    for record in value_history:
        key = (record.indicator_id, record.area_id)
        old = last.get(key)
        if old is None or old.value != record.value or old.note != record.note:
            where = record.area.name if record.area_id else "borough"
            events.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "what": f"{record.indicator.code} {record.indicator.title} ({where})",
                    "changes": [("value", old.value if old else None, record.value)]
                    + ([("note", old.note if old else "", record.note)] if (old and old.note != record.note) else []),
                }
            )
        last[key] = record
    events.sort(key=lambda e: e["when"], reverse=True)
    return events


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    if not permissions.reach_of(request.user).has_any_role:
        raise Http404
    periods = ReportingPeriod.objects.select_related("published_by").order_by("-financial_year", "-quarter")[:12]
    return render(
        request,
        "returns/period_list.html",
        {
            "periods": periods,
            "can_close": permissions.can_close_period(request.user),
            "can_publish": permissions.can_publish_period(request.user),
        },
    )


@login_required
def period_publish(request: HttpRequest, period_pk: int) -> HttpResponse:
    """Publish a quarter: a confirmation listing the returns still outstanding, then a POST that publishes."""
    if not permissions.can_publish_period(request.user):
        raise PermissionDenied("Only the LSP Support Group publishes a quarter.")
    period = get_object_or_404(ReportingPeriod.objects.select_related("published_by"), pk=period_pk)
    if request.method == "POST":
        try:
            services.period_publish(period=period, by=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, f"{period.label} published: residents now see its approved figures.")
        return redirect("returns:period-list")
    history = list(period.history.select_related("history_user").order_by("-history_date", "-history_id")[:20])
    return render(
        request,
        "returns/period_publish.html",
        {"period": period, "readiness": services.quarter_readiness(period), "history": history},
    )


def _backfill_choices() -> list[ReportingPeriod]:
    """Quarters that may be opened for back-fill: past their deadline, newest first."""
    return list(
        ReportingPeriod.objects.filter(return_deadline__lt=timezone.localdate())
        .exclude(status=ReportingPeriod.Status.OPEN, backfill_opened_at__isnull=False)
        .order_by("-financial_year", "-quarter")
    )


@login_required
def period_backfill(request: HttpRequest) -> HttpResponse:
    """Open a past quarter for back-fill, with a reason: its returns are then never counted late."""
    if not permissions.can_open_backfill(request.user):
        raise PermissionDenied("Only the LSP Support Group opens a past quarter for back-fill.")
    form = BackfillForm(request.POST or None, periods=_backfill_choices())
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        try:
            services.period_open_backfill(period=period, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as refused:
            for field, problems in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"{period.label} is open for back-fill: its returns will never count as late.")
            return redirect("returns:period-list")
    return render(
        request, "returns/period_backfill.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
def period_set_status(request: HttpRequest, period_pk: int, status: str) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    if status == "closed":
        services.period_close(period=period, by=request.user)
        messages.success(request, f"{period} closed: its returns are locked.")
    elif status == "open":
        services.period_open(period=period, by=request.user)
        messages.success(request, f"{period} opened for returns.")
    else:
        raise Http404
    return redirect("returns:period-list")


# --- Bulk entry from CSV or Excel ---------------------------------------------------------------


def _editable_return(request, forum_pk: int, period_pk: int) -> QuarterlyReturn:
    """The return for writing: started if need be. 403 for readers, 404 for outsiders."""
    quarterly_return = _get_return_for_user(request, forum_pk, period_pk)
    if not permissions.may_edit_forum(request.user, forum_pk):
        raise PermissionDenied("You can read this return but not edit it.")
    if quarterly_return.pk is None:
        quarterly_return = services.return_for(forum=quarterly_return.forum, period=quarterly_return.period)
    return quarterly_return


@login_required
def return_template_download(request: HttpRequest, forum_pk: int, period_pk: int, fmt: str) -> HttpResponse:
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    quarterly_return = _editable_return(request, forum_pk, period_pk)
    content_type = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]
    response = HttpResponse(imports.return_template(quarterly_return, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{imports.template_filename(quarterly_return, fmt)}"'
    return response


@login_required
def return_import(request: HttpRequest, forum_pk: int, period_pk: int) -> HttpResponse:
    """Upload → preview (nothing written) → confirm (all or nothing)."""
    quarterly_return = _editable_return(request, forum_pk, period_pk)
    context = {"ret": quarterly_return, "form": ImportUploadForm()}
    if request.method != "POST":
        return render(request, "returns/return_import.html", context)

    if "token" in request.POST:
        return _confirm_import(request, quarterly_return)

    form = ImportUploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "returns/return_import.html", context, status=400)
    result = imports.parse_return_file(quarterly_return, form.cleaned_data["file"])
    context["result"] = result
    if not result.ok:
        _show_file_errors(form, result)
        return render(request, "returns/return_import.html", context, status=400)
    form.cleaned_data["file"].seek(0)
    context["token"] = imports.import_stash(
        quarterly_return=quarterly_return, by=request.user, uploaded_file=form.cleaned_data["file"]
    )
    return render(request, "returns/return_import.html", context)


def _show_file_errors(form: ImportUploadForm, result: imports.ImportResult) -> None:
    """Problems with the file as a whole go next to the file field; row problems in the table."""
    for error in result.errors:
        if error.row is None:
            form.add_error("file", error.message)


def _confirm_import(request: HttpRequest, quarterly_return: QuarterlyReturn) -> HttpResponse:
    token = request.POST["token"]
    back = redirect("returns:return-import", forum_pk=quarterly_return.forum_id, period_pk=quarterly_return.period_id)
    if "cancel" in request.POST:
        imports.import_discard(token)
        messages.info(request, "Import cancelled: nothing was changed.")
        return back
    try:
        expected_version = int(request.POST.get("version", ""))
        upload = imports.import_unstash(token, quarterly_return=quarterly_return, by=request.user)
        result = imports.return_import(
            quarterly_return=quarterly_return, by=request.user, expected_version=expected_version, uploaded_file=upload
        )
    except (ValueError, imports.ImportExpired) as exc:
        messages.error(request, str(exc) if isinstance(exc, imports.ImportExpired) else "Upload the file again.")
        return back
    except services.StaleReturn as stale:
        messages.error(request, f"Not imported: {stale} Upload the file again to see what it would change now.")
        return back
    except services.ReturnLocked as locked:
        messages.error(request, str(locked))
        return redirect(quarterly_return.get_absolute_url())
    if not result.ok:
        form = ImportUploadForm()
        _show_file_errors(form, result)
        return render(
            request, "returns/return_import.html", {"ret": quarterly_return, "form": form, "result": result}, status=400
        )
    imports.import_discard(token)
    messages.success(request, f"Imported {len(result.values)} value(s) into the draft. Check them, then submit.")
    return redirect("returns:return-edit", forum_pk=quarterly_return.forum_id, period_pk=quarterly_return.period_id)
