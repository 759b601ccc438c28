"""load_demo: the three example units, their regions and finance-bureau
reviewers, an admin, and the three example filings as drafts. For local
trials only: every demo account has the password demo-pass-2024."""
from django.core.management.base import BaseCommand
from django.db import transaction

from django.conf import settings
from targets.interchange import read_document
from targets.models import Filing
from targets.services.filing_import import import_new
from units.models import BudgetUnit, Region, User

DEMO_PASSWORD = "demo-pass-2024"
EXAMPLES = settings.BASE_DIR / "fixtures" / "examples"

# code, name, level, parent code, layout
REGIONS = [
    ("130000", "河北省", "province", None, "hebei"),
    ("130700", "张家口市", "city", "130000", ""),
    ("130730", "怀来县", "county", "130700", ""),
    ("430000", "湖南省", "province", None, "hunan"),
    ("430900", "益阳市", "city", "430000", ""),
    ("430981", "沅江市", "county", "430900", ""),
    ("340000", "安徽省", "province", None, "anhui"),
    ("341300", "宿州市", "city", "340000", ""),
]

# place, example file, region code, finance bureau
PLACES = [
    ("huailai", "hebei-huailai-2022.json", "130730", "怀来县财政局"),
    ("yuanjiang", "hunan-yuanjiang-2024.json", "430981", "沅江市财政局"),
    ("suzhou", "anhui-suzhou-2023.json", "341300", "宿州市财政局"),
]


class Command(BaseCommand):
    help = "创建演示数据（仅供本地试用）：三个示例单位、审核人、管理员和三份示例申报。"

    @transaction.atomic
    def handle(self, **options):
        regions = {}
        for code, name, level, parent, layout in REGIONS:
            regions[code], _ = Region.objects.update_or_create(
                code=code,
                defaults={"name": name, "level": level, "parent": regions.get(parent), "layout": layout},
            )
        admin = self.account("admin", role=User.Role.ADMIN, is_staff=True, is_superuser=True,
                             first_name="系统管理员")
        for place, example, region_code, bureau in PLACES:
            document = read_document(EXAMPLES / example)
            filing = Filing.objects.filter(
                unit__region=regions[region_code], unit__name=document["unit"]["name"],
                year=document["year"],
            ).first()
            if filing is None:
                filing = import_new(document, admin, "导入演示数据")
                self.stdout.write(f"已导入示例申报：{filing}")
            unit = BudgetUnit.objects.get(pk=filing.unit_id)
            self.account(f"staff_{place}", role=User.Role.STAFF, unit=unit,
                         first_name=f"{unit.region.name}填报人")
            reviewer = self.account(f"reviewer_{place}", role=User.Role.REVIEWER,
                                    organisation=bureau, first_name=f"{bureau}审核人")
            reviewer.jurisdiction.set([regions[region_code]])
        self.stdout.write(self.style.SUCCESS(
            f"演示数据已就绪。演示账号密码均为 {DEMO_PASSWORD}（仅供本地试用）。"
        ))

    def account(self, username, **fields):
        user, created = User.objects.update_or_create(username=username, defaults=fields)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user
