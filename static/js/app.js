// Small behaviours, no inline scripts (CSP): confirmation before irreversible steps, auto-submitting
// selects, and character counters on long text fields.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var submitter = event.submitter;
  var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
document.querySelectorAll("textarea[maxlength], textarea[data-count]").forEach(function (area) {
  var counter = document.createElement("div");
  counter.className = "form-text text-end gc-counter";
  var limit = area.getAttribute("maxlength");
  function update() { counter.textContent = "已输入 " + area.value.length + (limit ? " / " + limit : "") + " 字"; }
  area.insertAdjacentElement("afterend", counter);
  area.addEventListener("input", update);
  update();
});
