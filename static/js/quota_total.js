// Live total of the quota table page against the notice's total (the server checks again on save/publish).
(function () {
  var inputs = document.querySelectorAll("input[data-quota-input]");
  var notice = document.getElementById("quota-notice");
  if (!inputs.length || !notice) { return; }
  var noticeTotal = parseInt(notice.dataset.noticeTotal, 10) || 0;
  var totalEls = [document.getElementById("quota-total"), document.getElementById("quota-total-foot")];
  var difference = document.getElementById("quota-difference");
  function update() {
    var total = 0;
    inputs.forEach(function (input) {
      var value = parseInt(input.value, 10);
      if (!isNaN(value) && value > 0) { total += value; }
    });
    totalEls.forEach(function (el) { if (el) { el.textContent = total; } });
    var diff = total - noticeTotal;
    difference.textContent = diff > 0 ? "超出 " + diff : diff < 0 ? "尚差 " + (-diff) : "合计与通知规定总数一致";
    difference.className = (diff ? "text-danger" : "text-success") + " fw-semibold";
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
})();
