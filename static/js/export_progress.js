// 下载中心: poll each unfinished export's status and move its progress bar, without reloading the page.
(function () {
  var LABELS = {queued: "排队中", running: "生成中", done: "已完成", failed: "失败", expired: "已过期"};
  var BADGES = {done: "text-bg-success", failed: "text-bg-danger", expired: "text-bg-secondary"};
  function formatSize(bytes) {
    if (!bytes) { return "—"; }
    if (bytes < 1024) { return bytes + " 字节"; }
    if (bytes < 1048576) { return (bytes / 1024).toFixed(1) + " KB"; }
    return (bytes / 1048576).toFixed(1) + " MB";
  }
  function render(row, data) {
    var bar = row.querySelector("[data-progress-bar]");
    bar.style.width = data.progress + "%";
    bar.textContent = data.progress + "%";
    bar.parentNode.setAttribute("aria-valuenow", data.progress);
    var badge = document.createElement("span");
    badge.className = "badge " + (BADGES[data.status] || "text-bg-primary");
    badge.textContent = data.status_label || LABELS[data.status] || data.status;
    var label = row.querySelector("[data-status-label]");
    label.replaceChildren(badge);
    if (data.error) {
      var error = document.createElement("div");
      error.className = "small text-danger";
      error.textContent = data.error;
      label.appendChild(error);
    }
    row.querySelector("[data-size]").textContent = formatSize(data.size);
    row.querySelector("[data-expires]").textContent = data.expires_at || "—";
    if (data.download_url) {
      bar.classList.remove("progress-bar-striped", "progress-bar-animated");
      var link = document.createElement("a");
      link.className = "btn btn-sm btn-primary";
      link.href = data.download_url;
      var icon = document.createElement("i");
      icon.className = "bi bi-download";
      link.append(icon, " 下载");
      row.querySelector("[data-action]").replaceChildren(link);
    }
    if (data.status === "failed") { bar.classList.remove("progress-bar-striped", "progress-bar-animated"); }
    row.dataset.status = data.status;
  }
  function poll(row) {
    fetch(row.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        render(row, data);
        if (data.status === "queued" || data.status === "running") { window.setTimeout(function () { poll(row); }, 1000); }
      })
      .catch(function () { window.setTimeout(function () { poll(row); }, 5000); });
  }
  document.querySelectorAll("tr[data-export-job]").forEach(function (row) {
    if (row.dataset.status === "queued" || row.dataset.status === "running") { poll(row); }
  });
})();
