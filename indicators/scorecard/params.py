"""Query-string parsing shared by a page and its exports.

The ranking page and its Excel/CSV download read the same ``?pool=&pillar=&region=
&sort=&dir=`` parameters the same way, so a download exports exactly the table the
page shows. The page drops a bad value and says so (``notices``); an export refuses
it (``errors``), since a file that silently differs from the asked view is worse
than no file.
"""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from indicators.models import Framework
from indicators.scorecard import selectors
from indicators.scorecard.forms import RankingFilterForm
from provinces.models import Region
from provinces.pools import default_pool


@dataclass
class RankingQuery:
    year: int
    framework: Framework | None  # None: no published data for that year
    form: RankingFilterForm
    pools: list[int] = field(default_factory=list)
    pool: int | None = None
    pillar: str | None = None
    region: Region | None = None
    sort: str = "rank"
    descending: bool | None = None
    view: str = "table"
    notices: list[str] = field(default_factory=list)  # what the page says it ignored or changed
    errors: list[str] = field(default_factory=list)  # the same, as reasons to refuse an export

    @property
    def year_error(self) -> str:
        years = ", ".join(str(y) for y in sorted(selectors.available_years()))
        return _("Không có dữ liệu DTI năm %(year)s. Các năm có dữ liệu: %(years)s.") % {
            "year": self.year,
            "years": years,
        }

    def table_kwargs(self) -> dict:
        """Arguments of :func:`selectors.ranking_table` for this query."""
        return {
            "framework": self.framework,
            "pool": self.pool,
            "pillar": self.pillar,
            "region": self.region,
            "sort": self.sort,
            "descending": self.descending,
        }


def ranking_query(*, year: int, data: QueryDict) -> RankingQuery:
    """Parse the ranking page's query string for ``year``.

    A parameter that does not parse falls back to its default; a pool the year has
    no table for falls back to the year's first pool. Both are reported twice: as
    page notices and as export errors."""
    framework = selectors.published_framework(year)  # the catalog: no query
    form = RankingFilterForm(data)
    query = RankingQuery(year=year, framework=framework, form=form)
    if framework is None:
        query.errors.append(query.year_error)
        return query
    filters = form.valid_data()
    if form.errors:
        names = ", ".join(form.errors)
        query.notices.append(_("Tham số không hợp lệ đã bị bỏ qua: %(names)s.") % {"names": names})
        query.errors.append(_("Tham số không hợp lệ: %(names)s.") % {"names": names})
    query.pools = selectors.available_pools(year=year)
    pool = filters.get("pool") or default_pool(year)
    if pool not in query.pools:
        query.notices.append(
            _("Năm %(year)s không có bảng xếp hạng nhóm %(pool)s; hiển thị nhóm %(shown)s.")
            % {"year": year, "pool": pool, "shown": query.pools[0]}
        )
        query.errors.append(
            _("Năm %(year)s không có bảng xếp hạng nhóm %(pool)s. Các nhóm có: %(pools)s.")
            % {"year": year, "pool": pool, "pools": ", ".join(str(p) for p in query.pools)}
        )
        pool = query.pools[0]
    query.pool = pool
    query.pillar = filters.get("pillar")
    query.region = filters.get("region")
    query.sort = filters.get("sort") or "rank"
    query.descending = {"asc": False, "desc": True}.get(filters.get("dir"))
    query.view = filters.get("view") or "table"
    return query
