"""The targets sheet: every target of the view with its status, method and gap."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models import Target
from indicators.targets.selectors import TargetProgress
from reports.tables import Column, Kind, Sheet, sheet_title


def _gap_text(progress: TargetProgress) -> str | None:
    """The gap as the page words it: places to climb for a rank, else distance to the target."""
    parts = []
    for reading in progress.readings:
        if reading.rank is None:
            continue
        label = _("quy đổi nhóm 34") if reading.is_share else _("theo văn bản")
        if reading.rank_gap > 0:
            parts.append(
                ngettext(
                    "%(label)s: hạng %(rank)s/%(pool)s (%(year)s), còn %(n)s bậc đến hạng %(m)s",
                    "%(label)s: hạng %(rank)s/%(pool)s (%(year)s), còn %(n)s bậc đến hạng %(m)s",
                    reading.rank_gap,
                )
                % {
                    "label": label,
                    "rank": reading.rank,
                    "pool": reading.pool,
                    "year": reading.rank_year,
                    "n": reading.rank_gap,
                    "m": reading.n,
                }
            )
        else:
            parts.append(
                _("%(label)s: hạng %(rank)s/%(pool)s (%(year)s), trong nhóm %(m)s")
                % {
                    "label": label,
                    "rank": reading.rank,
                    "pool": reading.pool,
                    "year": reading.rank_year,
                    "m": reading.n,
                }
            )
    return "; ".join(parts) or None


def targets_sheet(targets: list[TargetProgress]) -> Sheet:
    columns = [
        Column(_("Tỉnh, thành phố")),
        Column(_("Kế thừa từ")),
        Column(_("Văn bản")),
        Column(_("Ngày ban hành")),
        Column(_("Mục tiêu (như văn bản ghi)")),
        Column(_("Loại")),
        Column(_("Chỉ tiêu")),
        Column(_("So sánh")),
        Column(_("Giá trị mục tiêu"), Kind.NUMBER),
        Column(_("Năm đích"), Kind.INT),
        Column(_("Năm cơ sở"), Kind.INT),
        Column(_("Cơ sở"), Kind.NUMBER),
        Column(_("Năm mới nhất"), Kind.INT),
        Column(_("Mới nhất"), Kind.NUMBER),
        Column(_("Tình trạng")),
        Column(_("Phương pháp")),
        Column(_("Kỳ vọng theo đường thẳng"), Kind.NUMBER),
        Column(_("Chênh lệch so với đường thẳng"), Kind.NUMBER),
        Column(_("Còn cách mục tiêu"), Kind.NUMBER),
        Column(_("Khoảng cách thứ hạng")),
        Column(_("Nguồn")),
    ]
    rows = []
    for p in targets:
        t, a = p.target, p.assessment
        value = float(t.value) if t.value is not None else None
        rows.append(
            [
                t.unit.name,
                p.inherited_from.name if p.inherited_from else None,
                t.resolution.number,
                t.resolution.issued_on,
                t.text,
                t.get_kind_display(),
                t.metric_label or None,
                t.get_comparator_display() if t.comparator else None,
                value,
                t.target_year,
                a.baseline.year if a and a.baseline else None,
                a.baseline.value if a and a.baseline else None,
                a.latest.year if a and a.latest else None,
                a.latest.value if a and a.latest else None,
                str(a.label) if a else _("Định tính (không đánh giá)"),
                str(a.basis_label) if a and a.basis_label else None,  # what gave the status
                a.expected if a else None,
                a.gap if a else None,
                a.distance if a and t.kind != Target.Kind.RANK else None,
                _gap_text(p),
                " | ".join(s.url for s in t.sources.all()) or t.source_note or None,
            ]
        )
    return Sheet(
        title=sheet_title(_("Mục tiêu")),
        table_name="MucTieu",
        columns=columns,
        rows=rows,
        frozen_columns=1,
    )
