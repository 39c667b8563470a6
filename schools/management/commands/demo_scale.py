import resource
import time

from django.core.management.base import BaseCommand, CommandError

from schools.scale.context import ScaleSizes
from schools.scale.generate import ScaleError, scale_generate


class Command(BaseCommand):
    help = (
        "Генерирует синтетические данные национального масштаба для замеров производительности: регионы, "
        "муниципалитеты, школы с контекстом, результаты ОГЭ, значения показателей, программы. "
        "Одинаковый --seed даёт одинаковые данные."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=40000)
        parser.add_argument("--municipalities", type=int, default=2300)
        parser.add_argument("--regions", type=int, default=85)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        sizes = ScaleSizes(
            schools=options["schools"],
            municipalities=options["municipalities"],
            regions=options["regions"],
            years=options["years"],
            seed=options["seed"],
        )
        started = time.perf_counter()
        try:
            context = scale_generate(sizes=sizes, log=self.stdout.write)
        except ScaleError as exc:
            raise CommandError(str(exc)) from exc
        total = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Синтетические данные загружены за {total:.1f} с (seed {sizes.seed})."))
        self.stdout.write("Строк:")
        for name, count in context.counts.items():
            self.stdout.write(f"  {name:<28} {count:>10}")
        self.stdout.write("Время, с:")
        for name, seconds in context.timings.items():
            self.stdout.write(f"  {name:<28} {seconds:>10.1f}")
        self.stdout.write(f"  {'total_s':<28} {total:>10.1f}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"Пик памяти процесса: {peak:.0f} МБ.")
