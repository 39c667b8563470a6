"""The ladder at national scale: regions, municipalities, schools, their yearly profiles and
social context.

Sizes are skewed the way Russia's are: one "capital" region big enough for the 1,500-school
report of the benchmarks, with one city holding most of its schools (an API token of that city
sees a whole 1,000-row page), and lognormal sizes elsewhere. Every school has a latent social
advantage; its context shares are drawn from it, and the indices part draws results from the
shares, so the regression has a known signal to find."""

from __future__ import annotations

import numpy as np

from ..models import Municipality, Region, School, SchoolContext, SchoolProfile
from .bulk import ids_by, insert_rows
from .context import ScaleContext, ScaleSizes, split

# At full size (40,000 schools) the first region holds about 1,500 schools, its city three quarters of them.
CAPITAL_SHARE = 1500 / 40000
CITY_SHARE = 0.75
CODE_PREFIX = "S"  # every generated region code starts with it: the marker of scale data

TYPES = [
    # (School.Type, probability, short prefix, long name, advantage shift)
    (School.Type.SOSH, 0.58, "МБОУ СОШ", "Средняя общеобразовательная школа", 0.0),
    (School.Type.OOSH, 0.14, "МБОУ ООШ", "Основная общеобразовательная школа", -0.2),
    (School.Type.NOSH, 0.04, "МБОУ НОШ", "Начальная общеобразовательная школа", 0.0),
    (School.Type.GYMNASIUM, 0.08, "МАОУ гимназия", "Гимназия", 0.7),
    (School.Type.LYCEUM, 0.06, "МАОУ лицей", "Лицей", 0.7),
    (School.Type.BOARDING, 0.03, "ГБОУ школа-интернат", "Школа-интернат", -0.4),
    (School.Type.CENTRE, 0.05, "МБОУ ЦО", "Центр образования", 0.0),
    (School.Type.OTHER, 0.02, "МБОУ школа", "Общеобразовательная школа", 0.0),
]
# factor → (logit of the share at zero advantage, change of the logit per unit of advantage)
FACTOR_MODEL = {
    "parents_higher_ed": (-1.0, 0.6),
    "single_parent": (-1.6, -0.25),
    "on_register": (-4.0, -0.4),
    "non_native": (-3.2, -0.2),
    "low_income": (-2.2, -0.45),
    "large_family": (-2.0, -0.1),
    "unemployed_parents": (-3.3, -0.35),
    "guardianship": (-4.5, -0.2),
    "difficult_situation": (-3.8, -0.35),
    "disabilities": (-3.1, -0.1),
}
UNKNOWN_SHARE = 0.015  # a factor a school did not report in a year: NULL, not zero


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _sizes(sizes: ScaleSizes, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Schools per region and municipalities per region."""
    weights = rng.lognormal(0.0, 0.5, sizes.regions)
    capital = max(CAPITAL_SHARE, 1.0 / sizes.regions)
    if sizes.regions > 1:
        weights[0] = weights[1:].sum() * capital / (1.0 - capital)
    schools = split(sizes.schools, weights, minimum=2)
    # Municipalities follow schools, except the capital's: one big city and a few districts.
    municipalities = split(sizes.municipalities, schools.astype(float), minimum=1)
    return schools, municipalities


def generate_ladder(*, sizes: ScaleSizes, years: list[int], log) -> ScaleContext:
    rng = np.random.default_rng([sizes.seed, 1])
    region_schools, region_munis = _sizes(sizes, rng)
    r = sizes.regions
    region_codes = [f"{CODE_PREFIX}{k + 1:02d}" for k in range(r)]
    Region.objects.bulk_create(
        [Region(code=code, name=f"Синтетическая область № {k + 1}") for k, code in enumerate(region_codes)]
    )
    region_pk = ids_by(Region, "code", region_codes)
    region_ids = np.array([region_pk[c] for c in region_codes], dtype=np.int64)

    muni_region = np.repeat(np.arange(r), region_munis)
    m = muni_region.size
    muni_codes = [f"{CODE_PREFIX}{i + 1:04d}" for i in range(m)]
    first_of_region = np.r_[0, np.cumsum(region_munis)[:-1]]
    names = []
    for i in range(m):
        number = i - first_of_region[muni_region[i]] + 1
        if i == 0:
            names.append("Город № 1 (синтетический)")
        else:
            kind = "Городской округ" if number % 4 == 1 else "Муниципальный район"
            names.append(f"{kind} № {number}")
    insert_rows(
        Municipality,
        ["region_id", "code", "name"],
        ((int(region_ids[muni_region[i]]), muni_codes[i], names[i]) for i in range(m)),
    )
    muni_pk = ids_by(Municipality, "code", muni_codes, region_id__in=region_ids.tolist())
    municipality_ids = np.array([muni_pk[c] for c in muni_codes], dtype=np.int64)

    # Schools per municipality, lognormal within each region; the capital's city takes three quarters.
    school_muni_counts = np.zeros(m, dtype=np.int64)
    for k in range(r):
        idx = np.flatnonzero(muni_region == k)
        weights = rng.lognormal(0.0, 0.9, idx.size)
        if k == 0 and idx.size > 1:
            weights[0] = weights[1:].sum() * CITY_SHARE / (1 - CITY_SHARE)
        school_muni_counts[idx] = split(int(region_schools[k]), weights, minimum=1)
    school_muni = np.repeat(np.arange(m), school_muni_counts)
    school_region = muni_region[school_muni]
    n = school_muni.size
    number_in_muni = np.arange(n) - np.r_[0, np.cumsum(school_muni_counts)[:-1]][school_muni] + 1

    probabilities = np.array([t[1] for t in TYPES])
    type_idx = rng.choice(len(TYPES), size=n, p=probabilities / probabilities.sum())
    rural = (rng.random(n) < 0.45) & (school_muni != 0)
    small_class = rural & (rng.random(n) < 0.25)
    remote = rural & (rng.random(n) < 0.1)
    muni_effect = rng.normal(0.0, 0.3, m)
    advantage = (
        rng.normal(0.0, 1.0, n)
        + np.where(rural, -0.25, 0.25)
        + np.array([t[4] for t in TYPES])[type_idx]
        + muni_effect[school_muni]
    )
    codes = [f"{region_codes[school_region[i]]}-{i + 1:06d}" for i in range(n)]

    def school_rows():
        for i in range(n):
            t = TYPES[type_idx[i]]
            number = int(number_in_muni[i])
            yield (
                int(region_ids[school_region[i]]),
                int(municipality_ids[school_muni[i]]),
                codes[i],
                f"Муниципальное общеобразовательное учреждение «{t[3]} № {number}» ({names[school_muni[i]]})",
                f"{t[2]} № {number}",
                t[0].value,
                names[school_muni[i]],
                "rural" if rural[i] else "urban",
                bool(small_class[i]),
                bool(remote[i]),
                "",
                "",
                False,
            )

    insert_rows(
        School,
        [
            "region_id",
            "municipality_id",
            "code",
            "name",
            "short_name",
            "type",
            "settlement",
            "locality",
            "small_class",
            "remote",
            "address",
            "director",
            "is_archived",
        ],
        school_rows(),
    )
    school_pk = ids_by(School, "code", codes, region_id__in=region_ids.tolist())
    school_ids = np.array([school_pk[c] for c in codes], dtype=np.int64)
    log(f"  регионов {r}, муниципалитетов {m}, школ {n}")

    context = ScaleContext(
        sizes=sizes,
        years=years,
        region_ids=region_ids,
        municipality_ids=municipality_ids,
        municipality_region=muni_region,
        school_ids=school_ids,
        school_municipality=school_muni,
        school_region=school_region,
        school_codes=codes,
        school_types=[TYPES[t][0].value for t in type_idx],
        totals=_totals(rng, n, len(years), rural, small_class, type_idx),
        shares={},
        advantage=advantage,
        big_municipality=int(np.argmax(school_muni_counts)),
    )
    _context_rows(context, rng)
    context.counts.update(regions=r, municipalities=m, schools=n)
    return context


def _totals(rng, n: int, y: int, rural, small_class, type_idx) -> np.ndarray:
    base = np.where(rural, rng.lognormal(np.log(170), 0.4, n), rng.lognormal(np.log(680), 0.35, n))
    base = np.where(small_class, rng.uniform(25, 90, n), base)
    base = np.where(type_idx == 2, base * 0.4, base)  # НОШ: four grades only
    drift = np.cumsum(rng.normal(0.0, 0.03, (n, y)), axis=1)
    return np.maximum(np.round(base[:, None] * np.exp(drift)), 10).astype(np.int64)


def _context_rows(context: ScaleContext, rng: np.random.Generator) -> None:
    n, y = context.totals.shape
    counts = {}
    for key, (base, slope) in FACTOR_MODEL.items():
        # Each factor varies on its own too (not only through the advantage), so the factors are
        # correlated as in life but not collinear: the regression can tell them apart.
        school_noise = rng.normal(0.0, 0.45, (n, 1))
        share = _sigmoid(base + slope * context.advantage[:, None] + school_noise + rng.normal(0, 0.05, (n, y)))
        share[rng.random((n, y)) < UNKNOWN_SHARE] = np.nan
        context.shares[key] = share
        counts[key] = np.round(context.totals * np.nan_to_num(share, nan=0.0)).astype(np.int64)
    keys = list(FACTOR_MODEL)
    unknown = {key: np.isnan(context.shares[key]) for key in keys}
    teachers = np.maximum(4, np.round(context.totals / rng.uniform(11, 16, (n, 1)))).astype(np.int64)
    first = np.round(rng.uniform(20, 40, (n, y)), 1)
    highest = np.round(10 + 30 * _sigmoid(context.advantage[:, None]) + rng.normal(0, 3, (n, y)), 1).clip(0, 55)
    vacancies = rng.poisson(1.0, (n, y))
    ids, totals, years = context.school_ids.tolist(), context.totals.tolist(), context.years

    def contexts():
        for i in range(n):
            for j, year in enumerate(years):
                factors = [None if unknown[k][i, j] else int(counts[k][i, j]) for k in keys]
                yield (ids[i], year, totals[i][j], *factors, 1)

    def profiles():
        for i in range(n):
            for j, year in enumerate(years):
                ovz = None if unknown["disabilities"][i, j] else int(counts["disabilities"][i, j])
                yield (
                    ids[i],
                    year,
                    totals[i][j],
                    ovz,
                    int(teachers[i, j]),
                    f"{first[i, j]:.1f}",
                    f"{highest[i, j]:.1f}",
                    int(vacancies[i, j]),
                    1,
                )

    insert_rows(SchoolContext, ["school_id", "year", "total", *keys, "version"], contexts())
    insert_rows(
        SchoolProfile,
        [
            "school_id",
            "year",
            "enrolment",
            "disabilities",
            "teachers",
            "share_first_category",
            "share_highest_category",
            "vacancies",
            "version",
        ],
        profiles(),
    )
    context.counts.update(school_contexts=n * y, school_profiles=n * y)
