"""``{% load charts %}{% chart spec %}``: a Vega-Lite spec (reporting/charts.py) as a container that
static/js/charts.js renders in the browser. The spec travels as JSON in a
``<script type="application/json">`` (escaped by json_script, never executed); the description
stays readable without JavaScript. An empty spec (None) writes ``empty`` instead."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.html import json_script

register = template.Library()


@register.simple_tag
def chart(spec, empty: str = "Нет данных для графика.", testid: str = ""):
    return render_to_string(
        "includes/chart.html",
        {"spec": spec, "empty": empty, "testid": testid, "json": json_script(spec) if spec else ""},
    )
