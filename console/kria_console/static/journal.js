// The specialists' pages: the plan's running total, the standard's minutes while typing, and the journal's
// offline queue. A day posted while the network is down is kept in localStorage with its batch id and sent once
// the connection returns; the assessment service records a batch id once, so a repeat is harmless.
(function () {
  "use strict";
  var KEY = "kria-journal-queue";

  function planTotals(form) {
    var sums = {}, total = 0;
    form.querySelectorAll("input.plan-count").forEach(function (input) {
      var n = parseInt(input.value, 10) || 0;
      sums[input.dataset.direction] = (sums[input.dataset.direction] || 0) + n;
      total += n;
    });
    Object.keys(sums).forEach(function (d) {
      var cell = form.querySelector('[data-sum="' + d + '"]');
      if (cell) { cell.textContent = sums[d]; }
    });
    var out = document.getElementById("plan-total");
    if (out) {
      out.querySelector("strong").textContent = total;
    }
  }

  function limitFor(limits, type, delivery, age) {
    for (var i = 0; i < limits.length; i++) {
      var r = limits[i];
      if (r.types.length && r.types.indexOf(type) < 0) { continue; }
      if (r.delivery && r.delivery !== delivery) { continue; }
      if (r.age_from !== null && r.age_to !== null && (age < r.age_from || age > r.age_to)) { continue; }
      return r;
    }
    return null;
  }

  function showLimits(form, limits) {
    var age = parseInt(form.dataset.age, 10) || 10;
    for (var n = 0; n < 10; n++) {
      var type = form.elements["activity_type-" + n], hint = document.getElementById("limit-" + n);
      if (!type || !hint) { continue; }
      var lim = type.value ? limitFor(limits, type.value, form.elements["delivery-" + n].value, age) : null;
      var minutes = form.elements["minutes-" + n];
      if (!lim) { hint.textContent = ""; minutes.removeAttribute("aria-invalid"); continue; }
      var typed = parseInt(minutes.value, 10);
      var bad = form.elements["status-" + n].value !== "missed" && !isNaN(typed) && (typed < lim.min || typed > lim.max);
      hint.textContent = lim.min + "–" + lim.max + " мин" + (bad ? " — вне стандарта" : "");
      if (bad) { minutes.setAttribute("aria-invalid", "true"); } else { minutes.removeAttribute("aria-invalid"); }
    }
  }

  function queue() { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } }
  function keep(items) { localStorage.setItem(KEY, JSON.stringify(items)); }

  function say(text) {
    var out = document.getElementById("queue-status");
    if (out) { out.textContent = text; }
  }

  function rowsOf(form) {
    var rows = [], fields = ["direction", "activity_type", "delivery", "minutes", "specialist", "status",
                             "missed_reason", "missed_text"];
    for (var n = 0; n < 10; n++) {
      var row = {};
      fields.forEach(function (f) { var el = form.elements[f + "-" + n]; row[f] = el ? el.value : ""; });
      if (row.direction || row.activity_type) { rows.push(row); }
    }
    return rows;
  }

  var sending = false;
  function flush(csrf) {
    var items = queue();
    if (sending || !items.length) { return; }
    if (!navigator.onLine) { say("Нет связи: дней ждут отправки — " + items.length + ". Они сохранены в браузере."); return; }
    sending = true;
    var item = items[0];
    fetch("/specialist/children/" + encodeURIComponent(item.cid) + "/journal/batches", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify({batch_id: item.batch_id, day: item.day, rows: item.rows})
    }).then(function (r) {
      return r.json().then(function (body) { return {status: r.status, body: body}; });
    }).then(function (answer) {
      sending = false;
      if (answer.status === 200) {
        keep(queue().filter(function (q) { return q.batch_id !== item.batch_id; }));
        say("День " + item.day + " отправлен в журнал." + (queue().length ? " Ждут отправки: " + queue().length + "." : ""));
        flush(csrf);
      } else if (answer.status === 422 || answer.status === 409 || answer.status === 404) {
        // refused by a rule: taken out of the queue and shown, the day stays typed in its form to correct
        keep(queue().filter(function (q) { return q.batch_id !== item.batch_id; }));
        say("День " + item.day + " не принят: " + (answer.body.message || "ошибка"));
      } else {
        say("Сервис недоступен: дней ждут отправки — " + queue().length + ". Повторим автоматически.");
      }
    }).catch(function () {
      sending = false;
      say("Нет связи: дней ждут отправки — " + queue().length + ". Они сохранены в браузере.");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var plan = document.getElementById("plan-form");
    if (plan) {
      plan.addEventListener("input", function () { planTotals(plan); });
      planTotals(plan);
    }
    var form = document.getElementById("journal-form");
    if (!form) { return; }
    var limits = JSON.parse(document.getElementById("duration-limits").textContent || "[]");
    form.addEventListener("input", function () { showLimits(form, limits); });
    form.addEventListener("change", function () { showLimits(form, limits); });
    showLimits(form, limits);
    var csrf = form.dataset.csrf;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var item = {cid: form.dataset.cid, batch_id: form.elements.batch_id.value, day: form.elements.day.value,
                  rows: rowsOf(form)};
      var items = queue().filter(function (q) { return q.batch_id !== item.batch_id; });
      items.push(item);
      keep(items);
      say("День " + item.day + " сохранён в браузере и отправляется.");
      // a fresh id for whatever is typed next in this form: the queued day keeps its own
      form.elements.batch_id.value = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : item.batch_id + "-1";
      flush(csrf);
    });
    window.addEventListener("online", function () { flush(csrf); });
    setInterval(function () { flush(csrf); }, 3000);
    flush(csrf);
  });
}());
