"""Residents having their say: public pages, and the small staff pages behind them.

Thin views: fetch the object (404 for anything not public), validate a form, count the
submission against the rate limits, call a service (once per form handed out: a form
sent again gets the first one's confirmation), redirect. A refused submission (rate
limit) answers 429 and keeps nothing of what was sent.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from indicators.models import Indicator
from partnership import ratelimit as partnership_ratelimit
from partnership.cache import public_page
from partnership.models import CommunityPlan
from partnership.spreadsheets import spreadsheet_safe
from themes.models import Achievement, Objective, Theme

from . import permissions, ratelimit, selectors, services, tokens
from .filters import (
    ConsultationFilter,
    ModerationQueueFilter,
    RequestFilter,
    SuggestionFilter,
    SuggestionManageFilter,
)
from .forms import (
    BulkModerationForm,
    CommentForm,
    ConsultationResponseForm,
    MailingListRequestForm,
    ModerationDecisionForm,
    OfficialResponseForm,
    ReportForm,
    RequestUpdateForm,
    SuggestionForm,
    SuggestionManageForm,
    SuggestionModerationForm,
    WorkshopRequestForm,
)
from .models import (
    Comment,
    Consultation,
    ConsultationResponse,
    MailingListRequest,
    Suggestion,
    WorkshopRequest,
)
from .ratelimit import RateLimited

SENT_KINDS = {"comment", "suggestion", "response", "workshop", "mailing-list"}
QUEUE_PAGE_SIZE = 50
LIST_PAGE_SIZE = 20


def too_many_requests(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    """A friendly 429. It shows nothing of what was sent: a spammer gets nothing back to reuse."""
    return partnership_ratelimit.too_many_requests(request, exc, "consultation/429.html")


def _submit_public(request, form, *, scope: str, kind: str, submit, **fields):
    """Rate-limit a resident's valid form, then ``submit(**fields)`` once per form.

    Returns the "check your email" response (for ``kind``; for a form already accepted,
    the first submission's), the 429 page, or None (the service refused: its message is on
    the form, which is shown again with everything typed).
    """
    try:
        ratelimit.check(request, scope, email=form.cleaned_data["email"])
    except RateLimited as exc:
        return too_many_requests(request, exc)
    try:
        services.submission_once(nonce=form.nonce, kind=kind, submit=submit, **fields)
    except services.AlreadySubmitted as exc:
        return _check_your_email(exc.kind)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    return _check_your_email(kind)


def _submit_comment(request, form, **where):
    """A new comment or a reply: ``where`` is its subject or its parent."""
    data = form.cleaned_data
    return _submit_public(
        request,
        form,
        scope="comment",
        kind="comment",
        submit=services.comment_submit,
        **where,
        display_name=data["display_name"],
        email=data["email"],
        body=data["body"],
        area=data["area"],
    )


def _check_your_email(kind: str) -> HttpResponse:
    return redirect(f"{reverse('consultation:check-email')}?sent={kind}")


def _current_plan() -> CommunityPlan | None:
    return CommunityPlan.objects.current()


def _page_number(request: HttpRequest) -> str:
    return request.GET.get("page") or "1"


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Comments --------------------------------------------------------------------------------------


def _comments_page(
    request: HttpRequest,
    *,
    subject,
    plan: CommunityPlan | None,
    forum_id: int | None,
    template: str,
    context: dict,
    open_for_comments: bool = True,
) -> HttpResponse:
    """A subject's comments, a page at a time, with the form to add one."""
    form = CommentForm(request.POST or None, action=request.path) if open_for_comments else None
    if request.method == "POST":
        if form is None:
            messages.error(request, "This page is closed to new comments.")
            return redirect(request.path)
        if form.is_valid() and (done := _submit_comment(request, form, subject=subject)):
            return done
    page = selectors.comment_page(subject, before=request.GET.get("before"), after=request.GET.get("after"))
    return render(
        request,
        template,
        {
            "plan": plan,
            "subject": subject,
            "page": page,
            "form": form,
            "open_for_comments": form is not None,
            "post_moderation": services.post_moderation(),
            "can_respond": permissions.can_respond_for_forum(request.user, forum_id),
            "can_moderate": permissions.can_moderate(request.user),
            **context,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@public_page(forms=True, reads=("before", "after"))
def theme_comments(request: HttpRequest, slug: str) -> HttpResponse:
    plan = CommunityPlan.objects.current_or_404()
    theme = get_object_or_404(Theme.objects.for_plan(plan), slug=slug)
    theme.plan = plan  # the one it was found in: no need to read it again
    return _comments_page(
        request,
        subject=theme,
        plan=plan,
        forum_id=theme.lead_forum_id,
        template="consultation/comments_theme.html",
        context={"theme": theme},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@public_page(forms=True, reads=("before", "after"))
def objective_comments(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("theme__plan", "theme__lead_forum", "owner"), pk=pk)
    theme = objective.theme
    return _comments_page(
        request,
        subject=objective,
        plan=theme.plan,
        forum_id=theme.lead_forum_id,
        template="consultation/comments_objective.html",
        context={"theme": theme, "objective": objective, "header": selectors.objective_header(objective)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@public_page(forms=True, reads=("before", "after"))
def indicator_comments(request: HttpRequest, slug: str) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.public().select_related("theme__plan", "theme__lead_forum"), slug=slug
    )
    theme = indicator.theme
    return _comments_page(
        request,
        subject=indicator,
        plan=theme.plan,
        forum_id=theme.lead_forum_id,
        template="consultation/comments_indicator.html",
        context={"theme": theme, "indicator": indicator},
    )


def _published_consultation_or_404(slug: str) -> Consultation:
    return get_object_or_404(Consultation.objects.published().select_related("plan", "lead_forum"), slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
@public_page(forms=True, reads=("before", "after"))
def consultation_comments(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _published_consultation_or_404(slug)
    return _comments_page(
        request,
        subject=consultation,
        plan=consultation.plan,
        forum_id=consultation.lead_forum_id,
        template="consultation/comments_consultation.html",
        context={"consultation": consultation},
        open_for_comments=services.consultation_is_open(consultation),
    )


def comment_thread(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment and its replies: where emails and “latest comments” link to."""
    thread = selectors.comment_thread(pk)
    if thread is None:
        parent_id = (
            Comment.objects.filter(pk=pk, status__in=selectors.SHOWN_STATUSES, parent__isnull=False)
            .values_list("parent_id", flat=True)
            .first()
        )
        if parent_id is None:
            raise Http404("No such comment.")
        return redirect(reverse("consultation:comment-thread", args=[parent_id]) + f"#comment-{pk}")
    comment = thread.comment
    subject = comment.subject
    forum_id = comment.consultation.lead_forum_id if comment.consultation_id else comment.theme.lead_forum_id
    return render(
        request,
        "consultation/comment_thread.html",
        {
            "plan": _current_plan(),
            "thread": thread,
            "subject": subject,
            "subject_url": selectors.comments_url(subject),
            "can_respond": permissions.can_respond_for_forum(request.user, forum_id),
            "can_moderate": permissions.can_moderate(request.user),
        },
    )


def _published_top_comment_or_404(pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("theme", "objective", "indicator", "consultation", "area").defer("email"),
        pk=pk,
        parent__isnull=True,
        status=Comment.Status.PUBLISHED,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _published_top_comment_or_404(pk)
    thread_url = reverse("consultation:comment-thread", args=[parent.pk])
    if parent.consultation_id and not services.consultation_is_open(parent.consultation):
        messages.info(request, "This consultation has closed, so it is no longer taking replies.")
        return redirect(thread_url)
    form = CommentForm(request.POST or None, action=request.path, submit_label="Send reply")
    if request.method == "POST" and form.is_valid() and (done := _submit_comment(request, form, parent=parent)):
        return done
    context = {
        "plan": _current_plan(),
        "comment": parent,
        "form": form,
        "thread_url": thread_url,
        "post_moderation": services.post_moderation(),
    }
    return render(request, "consultation/comment_reply.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_respond(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("theme", "consultation", "objective", "indicator").defer("email"),
        pk=pk,
        parent__isnull=True,
        status=Comment.Status.PUBLISHED,
    )
    if not permissions.can_respond(request.user, comment):
        raise PermissionDenied("Only the theme's lead forum or the LSP Support Group responds for the partnership.")
    forum = permissions.responding_forum(request.user, comment)
    form = OfficialResponseForm(request.POST or None, action=request.path)
    if request.method == "POST" and form.is_valid():
        response = services.comment_respond(comment=comment, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Your response is published.")
        return redirect(reverse("consultation:comment-thread", args=[comment.pk]) + f"#comment-{response.pk}")
    return render(
        request,
        "consultation/comment_respond.html",
        {"plan": _current_plan(), "comment": comment, "form": form, "forum": forum},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("area", "responding_forum").defer("email"),
        pk=pk,
        status=Comment.Status.PUBLISHED,
        is_official=False,
    )
    thread_url = reverse("consultation:comment-thread", args=[comment.parent_id or comment.pk])
    form = ReportForm(request.POST or None, action=request.path)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.check(request, "report")
        except RateLimited as exc:
            return too_many_requests(request, exc)
        try:
            services.comment_report(
                comment=comment, reason=form.reason_text, fingerprint=ratelimit.fingerprint(request)
            )
        except services.AlreadyReported:
            messages.info(request, "You have already reported this comment. The moderators will look at it.")
        except ValidationError:
            messages.info(request, "This comment is already with the moderators.")
        else:
            messages.success(request, "Thank you. The moderators will look at this comment.")
        return redirect(thread_url)
    return render(
        request,
        "consultation/comment_report.html",
        {"plan": _current_plan(), "comment": comment, "form": form, "thread_url": thread_url},
    )


# --- Email links -----------------------------------------------------------------------------------


def check_email(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("sent", "")
    return render(
        request,
        "consultation/check_email.html",
        {"plan": _current_plan(), "kind": kind if kind in SENT_KINDS else "", "days": tokens.confirm_days()},
    )


_CONFIRMABLE = {
    tokens.Kind.COMMENT: Comment.objects.select_related("theme", "objective", "indicator", "consultation"),
    tokens.Kind.SUGGESTION: Suggestion.objects.select_related("theme", "routed_to"),
    tokens.Kind.RESPONSE: ConsultationResponse.objects.select_related("consultation"),
    tokens.Kind.WORKSHOP: WorkshopRequest.objects.all(),
    tokens.Kind.MAILING_LIST: MailingListRequest.objects.select_related("forum"),
}


def _link_invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "consultation/link_invalid.html", {"plan": _current_plan()}, status=400)


def _is_confirmed(kind: tokens.Kind, item) -> bool:
    if kind == tokens.Kind.COMMENT:
        return item.status != Comment.Status.UNCONFIRMED
    if kind == tokens.Kind.SUGGESTION:
        return item.status != Suggestion.Status.UNCONFIRMED
    return item.confirmed_at is not None


def _confirm(kind: tokens.Kind, item) -> None:
    if kind == tokens.Kind.COMMENT:
        services.comment_confirm(comment=item)
    elif kind == tokens.Kind.SUGGESTION:
        services.suggestion_confirm(suggestion=item)
    elif kind == tokens.Kind.RESPONSE:
        services.response_confirm(response=item)
    else:
        services.request_confirm(item=item)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link. GET asks (so that a mail scanner opening links confirms nothing); POST confirms."""
    try:
        data = tokens.read_confirm_token(token)
    except tokens.BadToken:
        return _link_invalid(request)
    item = _CONFIRMABLE[data.kind].filter(pk=data.pk).first()
    if not data.matches(item):
        return _link_invalid(request)
    if request.method == "POST":
        if not _is_confirmed(data.kind, item):
            _confirm(data.kind, item)
        return redirect(request.path)
    if data.kind == tokens.Kind.COMMENT and item.status in (Comment.Status.REJECTED, Comment.Status.REMOVED):
        return _link_invalid(request)
    context = {"plan": _current_plan(), "kind": data.kind.value, "item": item, "action": request.path}
    if _is_confirmed(data.kind, item):
        return render(request, "consultation/confirmed.html", context)
    return render(request, "consultation/confirm.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def comment_delete(request: HttpRequest, token: str) -> HttpResponse:
    """The resident's own deletion link, from their confirmation and “published” emails."""
    try:
        data = tokens.read_delete_token(token)
    except tokens.BadToken:
        return _link_invalid(request)
    comment = Comment.objects.filter(pk=data.pk).first()
    gone = comment is None or services.removed_by_author(comment)
    if not gone and not data.matches(comment):
        return _link_invalid(request)
    if request.method == "POST":
        if not gone:
            services.comment_delete_by_author(comment=comment)
        return redirect(request.path)
    context = {"plan": _current_plan(), "comment": None if gone else comment, "action": request.path}
    return render(request, "consultation/comment_delete.html", context)


# --- Moderation ------------------------------------------------------------------------------------


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def moderation_queue(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_moderate(request.user), "Only the LSP Support Group moderates comments.")
    bulk_form = None
    if request.method == "POST":
        posted = [int(pk) for pk in request.POST.getlist("comments") if pk.isdigit()]
        known = list(Comment.objects.filter(pk__in=posted).values_list("pk", flat=True))
        form = BulkModerationForm(request.POST, comment_ids=known)
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            chosen = Comment.objects.filter(pk__in=form.cleaned_data["comments"]).order_by("pk")
            outcome = services.comment_moderate_many(
                comments=list(chosen), approve=approve, by=request.user, reason=form.cleaned_data["reason"]
            )
            verb = "approved" if approve else "rejected or removed"
            messages.success(request, f"{outcome.changed} comment{'s' if outcome.changed != 1 else ''} {verb}.")
            for comment, why in outcome.skipped:
                messages.warning(request, f"Comment {comment.pk} was left as it was: {why}")
            return redirect(request.get_full_path())
        bulk_form = form  # shown again with its problems, what was ticked and typed kept
    queryset = (
        Comment.objects.exclude(status=Comment.Status.UNCONFIRMED)
        .select_related("theme", "objective", "indicator", "consultation", "area", "responding_forum")
        .defer("email")
        .order_by("created_at", "pk")
    )
    filterset = ModerationQueueFilter(request.GET, queryset=queryset)
    page = Paginator(filterset.qs, QUEUE_PAGE_SIZE).get_page(_page_number(request))
    suggestions = list(
        Suggestion.objects.awaiting_moderation()
        .select_related("theme")
        .defer("email")
        .order_by("created_at", "pk")[: QUEUE_PAGE_SIZE + 1]
    )
    return render(
        request,
        "consultation/moderation_queue.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_page(request),
            "suggestions": suggestions[:QUEUE_PAGE_SIZE],
            "more_suggestions": len(suggestions) > QUEUE_PAGE_SIZE,
            "bulk_form": bulk_form,
            "ticked": set(bulk_form.data.getlist("comments")) if bulk_form else set(),
        },
        status=400 if bulk_form else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def moderation_suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_moderate(request.user), "Only the LSP Support Group moderates suggestions.")
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("theme", "area", "routed_to", "moderated_by").defer("email"), pk=pk
    )
    form = SuggestionModerationForm(request.POST or None, action=request.path)
    if request.method == "POST" and form.is_valid():
        try:
            decided = services.suggestion_moderate(
                suggestion=suggestion,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            verb = "published" if decided.status == Suggestion.Status.RECEIVED else "kept off the site"
            messages.success(request, f"The suggestion “{decided.title}” is {verb}.")
            return redirect("consultation:moderation-queue")
    return render(request, "consultation/moderation_suggestion.html", {"suggestion": suggestion, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def moderation_comment(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_moderate(request.user), "Only the LSP Support Group moderates comments.")
    comment = get_object_or_404(
        Comment.objects.select_related(
            "theme", "objective", "indicator", "consultation", "parent", "area", "responding_forum", "author"
        ).defer("email"),
        pk=pk,
    )
    form = ModerationDecisionForm(request.POST or None, action=request.path)
    if request.method == "POST" and form.is_valid():
        decide = services.comment_approve if form.cleaned_data["decision"] == "approve" else services.comment_reject
        try:
            decided = decide(comment=comment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Comment {decided.pk} is now: {decided.get_status_display().lower()}.")
            return redirect("consultation:moderation-queue")
    return render(
        request,
        "consultation/moderation_comment.html",
        {
            "comment": comment,
            "form": form,
            "actions": list(comment.moderation_actions.select_related("by")),
            "reports": list(comment.reports.all()),
            "replies": list(comment.replies.defer("email").order_by("created_at", "pk")),
        },
    )


# --- Consultations ---------------------------------------------------------------------------------


def consultation_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    published = Consultation.objects.published()
    filterset = ConsultationFilter(request.GET, queryset=published.order_by("-opens_at", "pk"), now=now)
    page = Paginator(filterset.qs.prefetch_related("themes", "areas"), LIST_PAGE_SIZE).get_page(_page_number(request))
    rows = selectors.consultation_rows(page.object_list, now)
    return render(
        request,
        "consultation/consultation_list.html",
        {
            "plan": _current_plan(),
            "filter": filterset,
            "page": page,
            "rows": rows,
            "counts": selectors.consultation_state_counts(published, now),
            "query": _query_without_page(request),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _published_consultation_or_404(slug)
    now = timezone.now()
    state = consultation.state_at(now)
    questions = selectors.consultation_questions(consultation)
    form = None
    if state == Consultation.State.OPEN and questions:
        form = ConsultationResponseForm(request.POST or None, questions=questions, action=request.path)
    if request.method == "POST":
        if form is None:
            messages.error(request, "This consultation is not open for responses.")
            return redirect(request.path)
        if form.is_valid():
            done = _submit_public(
                request,
                form,
                scope="response",
                kind="response",
                submit=services.response_submit,
                consultation=consultation,
                email=form.cleaned_data["email"],
                area=form.cleaned_data["area"],
                answers=form.answers(),
            )
            if done:
                return done
    results = selectors.consultation_results(consultation, questions) if consultation.results_published else None
    return render(
        request,
        "consultation/consultation_detail.html",
        {
            "plan": consultation.plan,
            "consultation": consultation,
            "state": state,
            "state_label": Consultation.State(state).label,
            "is_open": state == Consultation.State.OPEN,
            "themes": list(consultation.themes.order_by("number")),
            "areas": list(consultation.areas.order_by("name")),
            "questions": questions,
            "form": form,
            "results": results,
            "comments": selectors.comment_page(
                consultation, before=request.GET.get("before"), after=request.GET.get("after")
            ),
            "comments_url": selectors.comments_url(consultation),
            "can_respond": permissions.can_respond_for_forum(request.user, consultation.lead_forum_id),
            "can_moderate": permissions.can_moderate(request.user),
        },
    )


def consultation_results_csv(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _published_consultation_or_404(slug)
    if not consultation.results_published:
        raise Http404("The results are not published yet.")
    results = selectors.consultation_results(consultation, selectors.consultation_questions(consultation))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-results.csv"'
    writer = csv.writer(response)
    writer.writerow(["question_number", "question", "kind", "answer", "people", "percent_of_those_answering"])
    for number, result in enumerate(results.questions, start=1):
        question = result.question
        if not result.rows:
            writer.writerow([number, spreadsheet_safe(question.text), question.kind, "(answered)", result.answered, ""])
        for row in result.rows:
            writer.writerow(
                [
                    number,
                    spreadsheet_safe(question.text),
                    question.kind,
                    spreadsheet_safe(row.label),
                    row.count,
                    row.percent or "",
                ]
            )
    writer.writerow(["", "Confirmed responses", "", "", results.total, ""])
    return response


# --- Suggestions -----------------------------------------------------------------------------------


def _public_suggestions():
    return (
        Suggestion.objects.published()
        .select_related("theme", "area", "routed_to", "became_objective", "became_action")
        .defer("email")
    )


def suggestion_list(request: HttpRequest) -> HttpResponse:
    filterset = SuggestionFilter(request.GET, queryset=_public_suggestions().order_by("-created_at", "-pk"))
    page = Paginator(filterset.qs, LIST_PAGE_SIZE).get_page(_page_number(request))
    return render(
        request,
        "consultation/suggestion_list.html",
        {
            "plan": _current_plan(),
            "filter": filterset,
            "page": page,
            "query": _query_without_page(request),
            "can_manage": permissions.can_manage_any_suggestion(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def suggestion_new(request: HttpRequest) -> HttpResponse:
    form = SuggestionForm(request.POST or None, action=request.path)
    if request.method == "POST" and form.is_valid():
        fields = ("theme", "area", "title", "body", "display_name", "email")
        done = _submit_public(
            request,
            form,
            scope="suggestion",
            kind="suggestion",
            submit=services.suggestion_submit,
            **{name: form.cleaned_data[name] for name in fields},
        )
        if done:
            return done
    return render(request, "consultation/suggestion_form.html", {"plan": _current_plan(), "form": form})


def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(_public_suggestions().select_related("became_action__objective"), pk=pk)
    achievements = (
        list(Achievement.objects.filter(objective_id=suggestion.became_objective_id).order_by("order", "pk"))
        if suggestion.became_objective_id
        else []
    )
    return render(
        request,
        "consultation/suggestion_detail.html",
        {
            "plan": _current_plan(),
            "suggestion": suggestion,
            "achievements": achievements,
            "can_manage": permissions.can_manage_suggestion(request.user, suggestion),
        },
    )


@login_required
def suggestion_manage_list(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_manage_any_suggestion(request.user), "Only forum leads and the support group answer.")
    queryset = (
        permissions.manageable_suggestions(request.user)
        .select_related("theme", "area", "routed_to")
        .order_by("-created_at", "-pk")
    )
    filterset = SuggestionManageFilter(request.GET, queryset=queryset)
    page = Paginator(filterset.qs, QUEUE_PAGE_SIZE).get_page(_page_number(request))
    return render(
        request,
        "consultation/suggestion_manage_list.html",
        {"filter": filterset, "page": page, "query": _query_without_page(request)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def suggestion_manage(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(
        permissions.manageable_suggestions(request.user).select_related("theme", "area", "routed_to"), pk=pk
    )
    form = SuggestionManageForm(request.POST or None, suggestion=suggestion, action=request.path)
    if request.method == "POST" and form.is_valid():
        try:
            services.suggestion_update(suggestion=suggestion, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Saved. The status and answer are published on the suggestion's page.")
            return redirect("consultation:suggestion-manage-list")
    return render(request, "consultation/suggestion_manage.html", {"suggestion": suggestion, "form": form})


# --- It's your community: get involved ---------------------------------------------------------------


def get_involved(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    open_consultations = list(
        Consultation.objects.published().filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")[:5]
    )
    plan = _current_plan()
    themes = list(Theme.objects.filter(plan=plan).order_by("number").only("id", "title", "slug")) if plan else []
    return render(
        request,
        "consultation/get_involved.html",
        {"plan": plan, "open_consultations": open_consultations, "themes": themes},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def workshop_request(request: HttpRequest) -> HttpResponse:
    form = WorkshopRequestForm(request.POST or None, action=request.path)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name not in ("extra_comments", "started")}
        done = _submit_public(
            request, form, scope="request", kind="workshop", submit=services.workshop_request_submit, **data
        )
        if done:
            return done
    return render(request, "consultation/workshop_form.html", {"plan": _current_plan(), "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def mailing_list_request(request: HttpRequest) -> HttpResponse:
    form = MailingListRequestForm(request.POST or None, action=request.path)
    if request.method == "POST" and form.is_valid():
        done = _submit_public(
            request,
            form,
            scope="request",
            kind="mailing-list",
            submit=services.mailing_list_request_submit,
            forum=form.cleaned_data["forum"],
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
        )
        if done:
            return done
    return render(request, "consultation/mailing_list_form.html", {"plan": _current_plan(), "form": form})


REQUEST_KINDS = {
    "workshop": WorkshopRequest.objects.select_related("area").prefetch_related("themes"),
    "mailing-list": MailingListRequest.objects.select_related("forum"),
}


@login_required
def request_queue(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_handle_requests(request.user), "Only the LSP Support Group handles requests.")
    workshops = RequestFilter(
        request.GET,
        queryset=REQUEST_KINDS["workshop"].filter(confirmed_at__isnull=False).order_by("created_at", "pk"),
    )
    mailing = RequestFilter(
        request.GET,
        queryset=REQUEST_KINDS["mailing-list"].filter(confirmed_at__isnull=False).order_by("created_at", "pk"),
    )
    return render(
        request,
        "consultation/request_queue.html",
        {
            "filter": workshops,
            "workshops": Paginator(workshops.qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("workshops_page")),
            "mailing": Paginator(mailing.qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("mailing_page")),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _require(permissions.can_handle_requests(request.user), "Only the LSP Support Group handles requests.")
    if kind not in REQUEST_KINDS:
        raise Http404("No such kind of request.")
    item = get_object_or_404(REQUEST_KINDS[kind].filter(confirmed_at__isnull=False), pk=pk)
    form = RequestUpdateForm(
        request.POST or None, action=request.path, initial={"status": item.status, "note": item.note}
    )
    if request.method == "POST" and form.is_valid():
        services.request_update(item=item, by=request.user, **form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("consultation:request-queue")
    return render(request, "consultation/request_detail.html", {"item": item, "kind": kind, "form": form})


# --- Area plans and the published policies ------------------------------------------------------------


def area_plans(request: HttpRequest) -> HttpResponse:
    plan = CommunityPlan.objects.current_or_404()
    return render(request, "consultation/area_plans.html", {"plan": plan, "page": selectors.area_plan_themes(plan)})


def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "plan": _current_plan(),
        "retention_days": services.retention_days(),
        "confirm_days": tokens.confirm_days(),
    }
    return render(request, "consultation/privacy.html", context)


def moderation_policy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "consultation/moderation_policy.html",
        {"plan": _current_plan(), "post_moderation": services.post_moderation(), "reports": services.reports_to_hide()},
    )
