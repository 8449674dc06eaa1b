"""What the builders share: the published frameworks and their sources."""

from indicators.models import Framework


def published_frameworks() -> list[Framework]:
    return list(Framework.objects.published().prefetch_related("sources").order_by("year"))


def framework_sources(frameworks: list[Framework]) -> list[str]:
    return [source.url for f in frameworks for source in f.sources.all()]


def target_sources(targets) -> list[str]:
    return [source.url for p in targets for source in p.target.sources.all()]
