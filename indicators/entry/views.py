"""Data-entry pages for staff: template download, upload → preview → confirm, and a
change set's review with publish / discard.

Nothing is written until the admin confirms: the checked file waits in storage
(indicators.entry.pending: a file under MEDIA_ROOT/uploads, owned by the admin,
expiring), the session holds only its token and details, and the file is
validated again, in the same transaction as the write, when the confirm form
comes back.
"""

import datetime
import functools

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from indicators.entry import imports, pending, rights
from indicators.entry.forms import ConfirmForm, PublishConfirmForm, TemplateForm, UploadForm
from indicators.models import ChangeSet

_PENDING = "dti_pending_import"


def _pending_drop(request: HttpRequest) -> None:
    """Forget the upload waiting in this session, file included."""
    waiting = request.session.pop(_PENDING, None)
    if waiting:
        pending.pending_upload_drop(token=waiting.get("upload"))


def _require_import(request: HttpRequest) -> None:
    if not rights.can_import(request.user):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu."))


def _upload_context(request: HttpRequest, form: UploadForm, **extra) -> dict:
    recent = ChangeSet.objects.filter(status=ChangeSet.Status.DRAFT).select_related("created_by")[
        :20
    ]
    return {
        "form": form,
        "drafts": recent,
        "can_publish": rights.can_publish(request.user),
        **extra,
    }


def _upload_source(data: dict, in_file: "imports.FileSource") -> "imports.FileSource | None":
    """The provenance of an upload: what the form says, else the file's source sheet;
    None when neither gives an address or a document with its date."""
    url = data.get("source_url") or in_file.url
    document = data.get("source_document") or in_file.document
    day = data.get("source_date") or in_file.date
    if url and not url.startswith(("http://", "https://")):
        url = ""
    if url or (document and day):
        return imports.FileSource(url=url, document=document if day else "", date=day)
    return None


@require_safe
@staff_member_required
def import_template(request: HttpRequest, year: int | None = None) -> HttpResponse:
    _require_import(request)
    form = TemplateForm(
        {
            "year": year or request.GET.get("year", ""),
            "pool": request.GET.get("pool", ""),
        }
    )
    if not form.is_valid():
        return HttpResponse(
            "; ".join(m for errs in form.errors.values() for m in errs),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    year, pool = form.cleaned_data["year"], form.cleaned_data["pool"]
    content = imports.import_template_build(year=year, pool=pool)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="mau-nhap-dti-{year}-{pool}-don-vi.xlsx"'
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@staff_member_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    if request.method == "GET":
        return render(
            request,
            "indicators/import_upload.html",
            _upload_context(request, UploadForm()),
        )
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "indicators/import_upload.html",
            _upload_context(request, form),
            status=400,
        )
    data = form.cleaned_data
    content = data["file"].read()
    try:
        preview = imports.import_validate(
            content=content,
            file_name=data["file"].name,
            year=data["year"],
            pool=data["pool"],
            user=request.user,
        )
    except imports.ImportFileError as exc:
        return render(
            request,
            "indicators/import_upload.html",
            _upload_context(request, form, file_errors=exc.errors),
            status=400,
        )
    source = _upload_source(data, imports.file_source(content, data["file"].name))
    if preview.ok and preview.to_write and source is None:
        form.add_error(
            "source_url",
            _(
                "Cần nguồn công bố: địa chỉ trang, hoặc số và ngày văn bản (ở đây hoặc ở trang “Nguồn” của tệp). Chưa ghi gì."
            ),
        )
        return render(
            request,
            "indicators/import_upload.html",
            _upload_context(request, form, preview=preview, needs_source=True),
            status=400,
        )
    if preview.ok and preview.to_write:
        _pending_drop(request)
        request.session[_PENDING] = {
            "token": preview.sha256,
            "upload": pending.pending_upload_save(user=request.user, content=content),
            "file_name": data["file"].name,
            "year": data["year"],
            "pool": data["pool"],
            "source_url": source.url,
            "source_document": source.document,
            "source_date": source.date.isoformat() if source.date else "",
            "note": data["note"],
        }
    status = 200 if preview.ok else 400
    return render(
        request,
        "indicators/import_upload.html",
        _upload_context(request, form, preview=preview),
        status=status,
    )


@require_POST
@staff_member_required
def import_confirm(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    form = ConfirmForm(request.POST)
    waiting = request.session.get(_PENDING)
    content = (
        pending.pending_upload_load(user=request.user, token=waiting.get("upload"))
        if waiting
        else None
    )
    if not form.is_valid() or content is None or waiting["token"] != form.cleaned_data["token"]:
        messages.error(
            request,
            _("Không còn tệp đang chờ xác nhận (đã hết phiên hoặc đã ghi). Hãy tải tệp lên lại."),
        )
        return redirect("indicators:import-upload")
    try:
        change_set, _preview = imports.import_apply(
            content=content,
            file_name=waiting["file_name"],
            year=waiting["year"],
            pool=waiting["pool"],
            user=request.user,
            source_url=waiting["source_url"],
            source_document=waiting.get("source_document", ""),
            source_date=datetime.date.fromisoformat(waiting["source_date"])
            if waiting.get("source_date")
            else None,
            note=waiting["note"],
            expected_digest=form.cleaned_data["digest"],
        )
    except imports.ImportRejected as exc:
        _pending_drop(request)
        context = _upload_context(request, UploadForm(), preview=exc.preview, rejected=str(exc))
        return render(request, "indicators/import_upload.html", context, status=409)
    _pending_drop(request)
    messages.success(
        request,
        _("Đã ghi bản nháp đợt #%(id)s. Số liệu chỉ hiện công khai sau khi được công bố.")
        % {"id": change_set.pk},
    )
    return redirect("indicators:change-set", pk=change_set.pk)


def _change_set_page(
    request: HttpRequest, change_set: ChangeSet, form: PublishConfirmForm | None = None, status=200
) -> HttpResponse:
    pairs = imports.change_set_drafts(change_set=change_set)
    digest = imports.change_set_digest(pairs)
    context = {
        "change_set": change_set,
        "pairs": pairs,
        "units": imports.change_set_units(pairs),
        "replaced": sum(1 for _d, published in pairs if published is not None),
        "confirm_form": form or PublishConfirmForm(initial={"digest": digest}),
        "can_publish": rights.can_publish(request.user) and change_set.is_draft,
        "can_discard": change_set.is_draft
        and (rights.can_publish(request.user) or change_set.created_by_id == request.user.pk),
    }
    return render(request, "indicators/changeset_detail.html", context, status=status)


def _change_set_or_404(request: HttpRequest, pk: int) -> ChangeSet:
    if not request.user.has_perm("indicators.view_changeset"):
        raise PermissionDenied
    return get_object_or_404(
        ChangeSet.objects.select_related("created_by", "published_by", "source"), pk=pk
    )


@require_safe
@staff_member_required
def change_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The change set and, for a draft, the summary a publish would make (how many
    values, which units, old → new) with the confirm form."""
    return _change_set_page(request, _change_set_or_404(request, pk))


def _change_set_action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    """Run ``action`` (publish or discard; it checks the rights) and report on the
    change set's page."""
    change_set = get_object_or_404(ChangeSet, pk=pk)
    try:
        count = action(change_set=change_set, user=request.user)
    except ValueError as exc:  # no longer a draft, or derived values cannot be computed
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"id": pk, "count": count})
    return redirect("indicators:change-set", pk=pk)


@require_POST
@staff_member_required
def change_set_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish only what the publisher confirmed: the box ticked and the summary's
    fingerprint unchanged (else the page again, with the reason, and nothing done)."""
    if not rights.can_publish(request.user):
        raise PermissionDenied(_("Bạn không có quyền công bố số liệu."))
    form = PublishConfirmForm(request.POST)
    if not form.is_valid():
        return _change_set_page(request, _change_set_or_404(request, pk), form, status=400)
    return _change_set_action(
        request,
        pk,
        functools.partial(imports.change_set_publish, expected_digest=form.cleaned_data["digest"]),
        _("Đã công bố đợt #%(id)s: %(count)s giá trị."),
    )


@require_POST
@staff_member_required
def change_set_discard(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_set_action(
        request,
        pk,
        imports.change_set_discard,
        _("Đã hủy đợt #%(id)s (%(count)s giá trị nháp)."),
    )
