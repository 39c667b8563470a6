from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView
from django.contrib.auth.decorators import login_required
from rules.contrib.views import PermissionRequiredMixin

from ..access import visible_municipalities
from ..models import School
from ..selectors import school_list

@login_required
def school_list_view(request):
    search = request.GET.get("q", "").strip()
    municipality_id = request.GET.get("municipality") or None
    qs = school_list(
        user=request.user,
        search=search,
        municipality_id=int(municipality_id) if (municipality_id or "").isdigit() else None,
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/school_list.html",
        {
            "page": page,
            "search": search,
            "municipalities": visible_municipalities(request.user),
            "municipality_id": municipality_id,
        },
    )


class SchoolDetailView(PermissionRequiredMixin, DetailView):
    model = School
    permission_required = "schools.view_school"
    template_name = "schools/school_detail.html"
    context_object_name = "school"

    def get_object(self, queryset=None):
        return get_object_or_404(School.objects.select_related("municipality", "region"), pk=self.kwargs["pk"])
