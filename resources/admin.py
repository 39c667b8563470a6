from django.contrib import admin

from .models import FundingLine, MethodEvent, StaffCount, Training

admin.site.register(MethodEvent)
admin.site.register(FundingLine)
admin.site.register(Training)
admin.site.register(StaffCount)
