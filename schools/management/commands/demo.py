from django.core.management.base import BaseCommand

from schools.demo.loader import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Загружает демонстрационные данные пяти муниципалитетов из исходных документов и учётные записи по ролям."

    def handle(self, *args, **options):
        summary = demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Демо-данные загружены: регионов {summary.regions}, муниципалитетов "
                f"{summary.municipalities}, школ {summary.schools}, организаций {summary.organisations}."
            )
        )
        for line in summary.extra:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"Учётные записи (пароль у всех: {DEMO_PASSWORD}):")
        for account in summary.accounts:
            self.stdout.write(f"  {account.username:<18} {account.role_label} — {account.scope}")
