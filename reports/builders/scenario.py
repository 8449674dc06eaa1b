"""The what-if scenario as a report (Excel): the same sheets as the other exports —
inputs, result, method note, the tidy published data it starts from, and the
"Thông tin" sheet with the sources. Built from indicators.scenarios.query, the parser
the page uses, so the file is exactly the scenario on screen."""

import pandas as pd
from django.utils.translation import gettext as _

from indicators.models import Framework
from indicators.scenarios import selectors as scenario_selectors
from indicators.scenarios.drivers import OTHER
from indicators.scenarios.query import ScenarioQuery
from reports.tables import SOURCE_SEPARATOR, TIDY_COLUMNS, Column, Kind, Report, Sheet, value4


def _met(flag: bool | None) -> str:
    return {True: _("đạt"), False: _("chưa đạt")}.get(flag, _("không đánh giá được"))  # type: ignore[arg-type]


def _inputs(query: ScenarioQuery) -> Sheet:
    sim = query.sim
    rows = []
    for lever in sim.levers:
        value = sim.values.get(lever.code, lever.start)
        rows.append(
            [
                query.names.get(lever.code, lever.code),
                lever.code if lever.code != OTHER else "+".join(lever.codes),
                float(lever.weight),
                value4(lever.start),
                value4(value),
                value4(value - lever.start),
                _("tính từ DTI công bố theo trọng số (tổng %(n)s chỉ số, 0–%(n)s)")
                % {"n": lever.size}
                if lever.computed
                else _("công bố"),
                query.data.responsibilities.get(lever.code, ""),
            ]
        )
    columns = [
        Column(_("Chỉ số chính")),
        Column(_("Mã")),
        Column(_("Trọng số (điểm)"), Kind.NUMBER),
        Column(_("Giá trị công bố"), Kind.NUMBER),
        Column(_("Giá trị mô phỏng"), Kind.NUMBER),
        Column(_("Thay đổi"), Kind.NUMBER),
        Column(_("Nguồn gốc")),
        Column(_("Cơ quan thường chịu trách nhiệm")),
    ]
    return Sheet(
        title=_("Đầu vào"), table_name="DauVao", columns=columns, rows=rows, frozen_columns=1
    )


def _result(query: ScenarioQuery) -> Sheet:
    sim, data = query.sim, query.data
    own = data.values.get(query.unit.pk, {})
    rows: list[list] = [
        [
            "DTI",
            None,
            value4(sim.dti),
            value4(sim.new_dti),
            _("DTI mô phỏng = DTI công bố + Σ trọng số × thay đổi / tổng điểm"),
        ]
    ]
    for code, value in sim.pillars.items():
        rows.append(
            [
                code,
                None,
                value4(own.get(code)),
                value4(value),
                _("trụ cột tính theo trọng số (ứng dụng tính)"),
            ]
        )
    for r in sim.pools:
        note = _("xếp hạng cạnh tranh so với giá trị công bố của các đơn vị khác")
        if r.merged:
            note = (
                _("%(carrier)s: trung bình cộng %(n)s tỉnh cũ (quy tắc sáp nhập), DTI %(v)s; ")
                % {"carrier": r.carrier.name, "n": r.parts, "v": f"{value4(r.value):.4f}"}
                + note
            )
        if r.backcast:
            note += "; " + _("ước tính ngược (ứng dụng tính)")
        rows.append([_("Hạng DTI"), r.pool, r.published_rank, r.rank, note])
    for check in sim.targets:
        target = check.progress.target
        goal = (
            f"{target.get_comparator_display()} {check.n}/{check.pool}"
            if check.rank
            else f"{target.get_comparator_display()} {target.value}"
        )
        rows.append(
            [
                _("Mục tiêu: %(text)s") % {"text": target.text[:200]},
                check.pool,
                None,
                check.rank if check.rank else value4(check.value),
                f"{check.metric} {goal}: {_met(check.met)}",
            ]
        )
    if sim.path_n:
        path = sim.path
        title = _("Đường ít tốn công nhất tới hạng %(n)s/%(pool)s") % {
            "n": sim.path_n,
            "pool": sim.path_pool,
        }
        if path is None:
            rows.append(
                [
                    title,
                    sim.path_pool,
                    None,
                    None,
                    _("nhóm không đủ đơn vị có giá trị cho hạng này"),
                ]
            )
        elif path.already:
            rows.append([title, sim.path_pool, None, None, _("đã đạt với giá trị công bố")])
        elif not path.reachable:
            rows.append(
                [
                    title,
                    sim.path_pool,
                    None,
                    float(path.points_needed),
                    _("không đạt được: tối đa thêm %(m)s điểm") % {"m": f"{path.max_points:.1f}"},
                ]
            )
        else:
            rows.append(
                [
                    title,
                    sim.path_pool,
                    None,
                    float(path.points_needed),
                    _("điểm DTI cần thêm (thang 1.000)"),
                ]
            )
            for step in path.steps:
                rows.append(
                    [
                        f"  {query.names.get(step.lever.code, step.lever.code)}",
                        None,
                        value4(step.lever.start),
                        value4(step.new_value),
                        _("+%(p)s điểm DTI") % {"p": f"{step.points:.1f}"},
                    ]
                )
    columns = [
        Column(_("Mục")),
        Column(_("Nhóm"), Kind.INT),
        Column(_("Công bố"), Kind.NUMBER),
        Column(_("Mô phỏng"), Kind.NUMBER),
        Column(_("Ghi chú")),
    ]
    return Sheet(
        title=_("Kết quả"), table_name="KetQua", columns=columns, rows=rows, frozen_columns=1
    )


def _method(query: ScenarioQuery) -> Sheet:
    weights = query.data.weights
    points = ", ".join(f"{code} {p:g}" for code, p in weights.points.items())
    notes = [
        [
            _("Trọng số"),
            _("Điểm tối đa của từng chỉ số chính (tổng %(t)s): %(p)s.")
            % {"t": f"{weights.total:g}", "p": points},
        ],
        [
            _("Đẳng thức"),
            _(
                "DTI × 1.000 = Σ trọng số × giá trị các chỉ số chính; tái tạo DTI công bố năm 2022 của mọi tỉnh "
                "có đủ 8 chỉ số (sai khác tối đa 0,0001 do làm tròn)."
            ),
        ],
        [
            _("Chỉ số gộp"),
            _(
                "Các chỉ số chính không công bố riêng (thường NTS, TCS, NLS, ATTTM) là một con số: "
                "(1.000 × DTI − Σ trọng số × các chỉ số đã công bố) / 100, nằm trong 0..số chỉ số; không chia nhỏ."
            ),
        ],
        [
            _("DTI mô phỏng"),
            _("DTI công bố + Σ trọng số × (giá trị mới − giá trị công bố) / 1.000."),
        ],
        [
            _("Thứ hạng"),
            _(
                "Xếp hạng cạnh tranh (bằng điểm thì cùng hạng, hạng sau bị bỏ) so với giá trị công bố năm đó của mọi "
                "đơn vị khác, so sánh ở 4 chữ số thập phân."
            ),
        ],
        [
            _("Nhóm 34"),
            _(
                "Đơn vị cũ đưa giá trị mới vào tỉnh hợp nhất: trung bình cộng các tỉnh cũ (quy tắc sáp nhập chính thức "
                "DTI 2024); trước 2024 là ước tính ngược."
            ),
        ],
        [
            _("Đường ít tốn công nhất"),
            _(
                "Mỗi chỉ số có trọng số w và phần còn lại r tới mức tối đa (1; chỉ số gộp của k chỉ số: k). "
                "Dùng tỷ lệ s ∈ [0, 1] của phần còn lại thì DTI tăng w·r·s điểm. Chọn s để tổng Σ s (chỉ số gộp "
                "tính k lần) nhỏ nhất mà đủ số điểm cần: lần lượt đưa lên tối đa các chỉ số có w·r/k lớn nhất, "
                "chỉ số cuối tăng vừa đủ, làm tròn lên 4 chữ số. Xuất phát từ giá trị công bố."
            ),
        ],
    ]
    if not query.confirmed:
        notes.append(
            [
                _("Cảnh báo"),
                _(
                    "Chưa có nguồn nào xác nhận trọng số cho năm %(year)s: mô phỏng dùng trọng số 2021–2023. "
                    "Kết quả chỉ để tham khảo."
                )
                % {"year": query.year},
            ]
        )
    notes.append(
        [_("Tính chất"), _("Mọi con số mô phỏng do ứng dụng tính, không phải số liệu công bố.")]
    )
    return Sheet(
        title=_("Phương pháp"),
        table_name="PhuongPhap",
        columns=[Column(_("Mục")), Column(_("Nội dung"))],
        rows=notes,
    )


def _tidy(query: ScenarioQuery) -> pd.DataFrame:
    rows = []
    for score in scenario_selectors.unit_year_scores(unit=query.unit, year=query.year):
        rows.append(
            {
                "year": score.year,
                "unit_code": query.unit.code,
                "unit_name": query.unit.name,
                "pool": None,
                "indicator": score.indicator.code,
                "value": value4(score.value),
                "rank": None,
                "source_url": SOURCE_SEPARATOR.join(s.url for s in score.sources.all()) or None,
                "note": score.get_provenance_display()
                if not score.is_published
                else (score.local_note or None),
            }
        )
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


def scenario_report(*, query: ScenarioQuery) -> Report:
    """The scenario of ``query`` (which has a simulation) as a Report."""
    sim = query.sim
    assert sim is not None and query.data is not None
    filters = [(_("Đơn vị"), query.unit.full_name), (_("Năm"), str(query.year))]
    filters += [
        (query.names.get(lv.code, lv.code), f"{value4(sim.values.get(lv.code, lv.start)):.4f}")
        for lv in sim.levers
    ]
    if sim.path_n:
        filters.append((_("Đường ít tốn công nhất tới hạng"), f"{sim.path_n}/{sim.path_pool}"))
    framework = query.data.framework
    return Report(
        title=_("Mô phỏng DTI %(year)s – %(unit)s") % {"year": query.year, "unit": query.unit.name},
        filename=f"mo-phong-{query.unit.slug}-{query.year}",
        filters=filters,
        sheets=[_inputs(query), _result(query), _method(query)],
        tidy=_tidy(query),
        frameworks=[framework] if framework else [],
        all_frameworks=list(Framework.objects.published()),
        extra_sources=[s.url for s in framework.sources.all()] if framework else [],
    )
