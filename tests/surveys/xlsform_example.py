"""A real published XLSForm, rebuilt cell for cell in the structure of the examples of the XLSForm
standard (xlsform.org, «XLSForm standard»): metadata rows (start, end, today, deviceid), translated
labels in ``label::English (en)`` / ``label::Russian (ru)`` columns, ``required``, a ``constraint``
with its message (the age question, ``. <= 150``), ``relevant`` on an earlier answer
(``${likes_pizza} = 'yes'``), a ``range`` with ``parameters``, a ``multiline`` text and the
``table-list`` grid of yes/no questions — with a group of questions around it."""

from __future__ import annotations

import io

from openpyxl import Workbook

SURVEY = [
    [
        "type",
        "name",
        "label::English (en)",
        "label::Russian (ru)",
        "hint::English (en)",
        "required",
        "relevant",
        "constraint",
        "constraint_message::English (en)",
        "appearance",
        "parameters",
    ],
    ["start", "start", "", "", "", "", "", "", "", "", ""],
    ["end", "end", "", "", "", "", "", "", "", "", ""],
    ["today", "today", "", "", "", "", "", "", "", "", ""],
    ["deviceid", "deviceid", "", "", "", "", "", "", "", "", ""],
    [
        "integer",
        "age",
        "How old are you?",
        "Сколько вам лет?",
        "",
        "yes",
        "",
        ". <= 150",
        "Age must be at most 150",
        "",
        "",
    ],
    ["select_one yes_no", "likes_pizza", "Do you like pizza?", "Вы любите пиццу?", "", "yes", "", "", "", "", ""],
    [
        "select_multiple pizza_toppings",
        "favorite_topping",
        "Favorite toppings",
        "Любимые начинки",
        "",
        "",
        "${likes_pizza} = 'yes'",
        "",
        "",
        "",
        "",
    ],
    [
        "range",
        "amount",
        "How satisfied are you?",
        "Насколько вы довольны?",
        "1 = not at all",
        "",
        "",
        "",
        "",
        "",
        "start=1 end=5 step=1",
    ],
    ["begin group", "my_table", "List", "Список", "", "", "", "", "", "table-list", ""],
    ["select_one yes_no", "q1", "Question 1", "Вопрос 1", "", "", "", "", "", "", ""],
    ["select_one yes_no", "q2", "Question 2", "Вопрос 2", "", "", "", "", "", "", ""],
    ["select_one yes_no", "q3", "Question 3", "Вопрос 3", "", "", "", "", "", "", ""],
    ["end group", "", "", "", "", "", "", "", "", "", ""],
    ["begin group", "feedback", "Feedback", "Отзыв", "", "", "${amount} < 3", "", "", "", ""],
    ["text", "why", "Why?", "Почему?", "", "", "", "string-length(.) <= 300", "", "multiline", ""],
    ["note", "thanks", "Thank you!", "Спасибо!", "", "", "", "", "", "", ""],
    ["end group", "", "", "", "", "", "", "", "", "", ""],
]
CHOICES = [
    ["list_name", "name", "label::English (en)", "label::Russian (ru)"],
    ["yes_no", "yes", "Yes", "Да"],
    ["yes_no", "no", "No", "Нет"],
    ["pizza_toppings", "cheese", "Cheese", "Сыр"],
    ["pizza_toppings", "pepperoni", "Pepperoni", "Пепперони"],
    ["pizza_toppings", "sausage", "Sausage", "Колбаса"],
]
SETTINGS = [
    ["form_title", "form_id", "version", "default_language"],
    ["XLSForm standard example", "example_form", "2024010101", "Russian (ru)"],
]
QUESTIONS = 8  # age, likes_pizza, favorite_topping, amount, my_table (a matrix of 3), why, thanks … (notes count)


def workbook(survey=SURVEY, choices=CHOICES, settings=SETTINGS) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
