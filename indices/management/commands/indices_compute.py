from django.core.management.base import BaseCommand, CommandError

from indices.models import Methodology, Run
from indices.services import run_create, run_execute
from schools.models import Municipality, Region


class Command(BaseCommand):
    help = "Рассчитывает индекс качества, ИСБШ, группы и категории школ за учебный год по методике."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="учебный год по году окончания: 2024 = 2023/2024")
        parser.add_argument("--methodology", default="default", help="код методики (slug)")
        parser.add_argument(
            "--population", default="region", help="region (каждый регион отдельно) или код муниципалитета"
        )
        parser.add_argument("--region", help="код региона, если регионов несколько")

    def handle(self, *args, year, methodology, population, region, **options):
        try:
            method = Methodology.objects.get(slug=methodology, is_current=True)
        except Methodology.DoesNotExist as exc:
            raise CommandError(f"Методика «{methodology}» не найдена.") from exc
        regions = Region.objects.all() if not region else Region.objects.filter(code=region)
        if not regions.exists():
            raise CommandError(f"Регион «{region}» не найден.")
        targets = []
        if population == "region":
            targets = [(r, None) for r in regions.order_by("code")]
        else:
            municipalities = list(Municipality.objects.filter(code=population, region__in=regions).with_region())
            if not municipalities:
                raise CommandError(f"Муниципалитет с кодом «{population}» не найден.")
            if len(municipalities) > 1:
                raise CommandError(f"Код «{population}» есть в нескольких регионах: укажите --region.")
            targets = [(municipalities[0].region, municipalities[0])]
        failed = 0
        for reg, mun in targets:
            run = run_execute(run_id=run_create(methodology=method, year=year, region=reg, municipality=mun).pk)
            where = mun.name if mun else reg.name
            if run.status == Run.Status.DONE:
                s = run.summary
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Расчёт {run.pk} ({where}, {year - 1}/{year}): школ {s['n_schools']}, в регрессии "
                        f"{s['regression']['n']}, R² = {s['regression']['r2']:.3f}; категории: {s['categories']}"
                    )
                )
            else:
                failed += 1
                self.stderr.write(f"Расчёт {run.pk} ({where}) не выполнен: {run.error}")
        if failed:
            raise CommandError(f"Не выполнено расчётов: {failed}.")
