"""factory_boy factories for the DTI models.

Most tests read the real published data that the session fixture loads; these
factories are for the cases the real data cannot show (a duplicate, an
out-of-range value, a second unit sharing a name).
"""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from indicators.models import Indicator, PublishedRank, Score
from provinces.models import Alias, Region, Succession, Unit
from provinces.text import search_key, slug_vi


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"vung-thu-{n}")
    name = factory.Sequence(lambda n: f"Vùng thử {n}")
    name_en = factory.Sequence(lambda n: f"Test region {n}")
    order = factory.Sequence(lambda n: 100 + n)


class UnitFactory(DjangoModelFactory):
    """A provincial unit valid in both periods unless told otherwise (like Hà Nội)."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"9{n:03d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Đắk {n}")
    kind = Unit.Kind.PROVINCE
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slug_vi(o.name)}-{n}")
    region = factory.SubFactory(RegionFactory)
    valid_from = None
    valid_to = None


ProvinceFactory = UnitFactory


class OldUnitFactory(UnitFactory):
    """A unit of the 63 that ended on 30/06/2025."""

    valid_to = datetime.date(2025, 6, 30)


class NewUnitFactory(UnitFactory):
    """A unit of the 34 created on 01/07/2025."""

    valid_from = datetime.date(2025, 7, 1)


class AliasFactory(DjangoModelFactory):
    class Meta:
        model = Alias

    unit = factory.SubFactory(UnitFactory)
    name = factory.LazyAttribute(lambda o: o.unit.name)
    key = factory.LazyAttribute(lambda o: search_key(o.name))


class SuccessionFactory(DjangoModelFactory):
    class Meta:
        model = Succession

    predecessor = factory.SubFactory(OldUnitFactory)
    successor = factory.SubFactory(NewUnitFactory)
    effective_date = datetime.date(2025, 7, 1)


class IndicatorFactory(DjangoModelFactory):
    """An indicator by code; reuses the loaded one when the code exists ("DTI")."""

    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST{n}")
    name = factory.LazyAttribute(lambda o: f"Chỉ số thử {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Test index {o.code}")
    short_name = factory.LazyAttribute(lambda o: o.code)
    kind = Indicator.Kind.MAIN


class ScoreFactory(DjangoModelFactory):
    class Meta:
        model = Score

    unit = factory.SubFactory(UnitFactory)
    indicator = factory.SubFactory(IndicatorFactory, code="DTI")
    year = 2022
    value = Decimal("0.5000")


class PublishedRankFactory(DjangoModelFactory):
    class Meta:
        model = PublishedRank

    unit = factory.SubFactory(UnitFactory)
    indicator = factory.SubFactory(IndicatorFactory, code="DTI")
    year = 2022
    pool = 63
    rank = 1
