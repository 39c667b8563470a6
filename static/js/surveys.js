/* The respondent's page (templates/surveys/answer.html).
 *
 * 1. Skip logic: each question carries its `relevant` expression as a JSON tree parsed on the server
 *    (surveys/expressions.py); this evaluates the same tree — no eval, CSP-safe. A hidden question's
 *    inputs are disabled, so they are neither validated nor sent (the server drops them anyway).
 * 2. Poor connection: what is typed is kept in localStorage under the link's token; a send without
 *    a connection is kept and sent when the phone is online again. The thank-you page clears it.
 */
(function () {
  "use strict";
  var PREFIX = "survey:";

  function num(v) {
    if (v === null || v === undefined || v === "" || Array.isArray(v)) return null;
    var n = Number(String(v).replace(",", "."));
    return isNaN(n) ? null : n;
  }
  function value(node, answers, dot) {
    switch (node[0]) {
      case "ref": return answers[node[1]];
      case "dot": return dot;
      case "num": return Number(node[1]);
      case "str": return node[1];
      case "count": { var v = value(node[1], answers, dot); return Array.isArray(v) ? v.length : (v === undefined || v === null || v === "" ? 0 : 1); }
      case "len": { var w = value(node[1], answers, dot); return w === undefined || w === null ? 0 : String(w).length; }
      default: return truth(node, answers, dot);
    }
  }
  function compare(op, a, b) {
    var x = num(a), y = num(b);
    if (x === null || y === null) {
      if (op !== "=" && op !== "!=") return false;
      x = a === undefined || a === null ? "" : String(a);
      y = b === undefined || b === null ? "" : String(b);
    }
    switch (op) {
      case "=": return x === y;
      case "!=": return x !== y;
      case "<": return x < y;
      case "<=": return x <= y;
      case ">": return x > y;
      case ">=": return x >= y;
    }
    return false;
  }
  function truth(node, answers, dot) {
    if (!node) return true;
    switch (node[0]) {
      case "or": return truth(node[1], answers, dot) || truth(node[2], answers, dot);
      case "and": return truth(node[1], answers, dot) && truth(node[2], answers, dot);
      case "not": return !truth(node[1], answers, dot);
      case "cmp": return compare(node[1], value(node[2], answers, dot), value(node[3], answers, dot));
      case "sel": {
        var v = value(node[1], answers, dot);
        var list = Array.isArray(v) ? v : (v === undefined || v === null ? [] : [v]);
        return list.map(String).indexOf(String(node[2])) !== -1;
      }
    }
    var r = value(node, answers, dot);
    return !(r === undefined || r === null || r === "" || r === 0 || (Array.isArray(r) && !r.length));
  }

  function collect(form) {
    var answers = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.disabled) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (el.type === "checkbox") { (answers[el.name] = answers[el.name] || []).push(el.value); return; }
      if (el.value.trim() !== "") answers[el.name] = el.value.trim();
    });
    return answers;
  }
  function apply(form) {
    // In page order: a hidden question's answer does not count for the questions after it.
    var answers = {};
    form.querySelectorAll("[data-relevant], .survey-question").forEach(function (box) {
      var tree = box.dataset.relevant ? JSON.parse(box.dataset.relevant) : null;
      var shown = truth(tree, answers, null);
      box.hidden = !shown;
      box.querySelectorAll("input, textarea, select").forEach(function (el) { el.disabled = !shown; });
      if (shown && box.classList.contains("survey-question")) {
        var mine = collect(box.closest("form"));
        box.querySelectorAll("[name]").forEach(function (el) { if (mine[el.name] !== undefined) answers[el.name] = mine[el.name]; });
      }
    });
  }
  function save(form) {
    var data = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      data.push([el.name, el.value]);
    });
    try { localStorage.setItem(PREFIX + form.dataset.token, JSON.stringify({ data: data, pending: !!form.dataset.pending })); } catch (e) { /* private mode: keep going */ }
  }
  function restore(form) {
    var saved;
    try { saved = JSON.parse(localStorage.getItem(PREFIX + form.dataset.token) || "null"); } catch (e) { saved = null; }
    if (!saved || form.querySelector(".invalid-feedback")) return saved;
    saved.data.forEach(function (pair) {
      form.querySelectorAll('[name="' + CSS.escape(pair[0]) + '"]').forEach(function (el) {
        if (el.type === "radio" || el.type === "checkbox") { if (el.value === pair[1]) el.checked = true; }
        else el.value = pair[1];
      });
    });
    return saved;
  }
  function sendWhenOnline(form) {
    var notice = document.getElementById("survey-offline");
    if (navigator.onLine) { form.dataset.sending = "1"; form.submit(); return; }
    form.dataset.pending = "1";
    save(form);
    if (notice) notice.classList.remove("d-none");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var done = document.querySelector("[data-survey-done]");
    if (done) { try { localStorage.removeItem(PREFIX + done.dataset.surveyDone); } catch (e) { /* nothing kept */ } return; }
    var form = document.getElementById("survey-form");
    if (!form) return;
    var saved = restore(form);
    apply(form);
    form.addEventListener("input", function () { apply(form); save(form); });
    form.addEventListener("change", function () { apply(form); save(form); });
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) return;
      event.preventDefault();
      sendWhenOnline(form);
    });
    window.addEventListener("online", function () { if (form.dataset.pending) sendWhenOnline(form); });
    if (saved && saved.pending && !form.querySelector(".invalid-feedback")) { form.dataset.pending = "1"; sendWhenOnline(form); }
  });
})();
