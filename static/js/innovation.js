// The application form (innovation contest): autosave of the draft every 60 s while something changed, and a
// warning before leaving with unsaved changes. Files are uploaded only by the buttons, never by the autosave.
(function () {
  var form = document.getElementById("application-form");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var dirty = false;
  var submitting = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) { event.preventDefault(); event.returnValue = ""; }
  });
  function say(text, bad) {
    if (!status) { return; }
    status.textContent = text;
    status.className = "small ms-2 " + (bad ? "text-danger" : "text-muted");
  }
  function autosave() {
    if (!dirty || submitting) { return; }
    var data = new FormData(form);
    Array.from(form.querySelectorAll("input[type=file]")).forEach(function (input) { data.delete(input.name); });
    dirty = false;
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                        headers: {"X-Requested-With": "XMLHttpRequest"}})
      .then(function (response) {
        if (response.ok && !response.redirected) { return response.json(); }
        throw new Error(response.redirected ? "login" : String(response.status));
      })
      .then(function (body) { say("已自动保存草稿：" + body.saved_at, false); })
      .catch(function (error) {
        dirty = true;
        say(error.message === "login"
          ? "登录已过期，未能自动保存。请勿关闭本页，在新窗口重新登录后点“保存草稿”。"
          : "自动保存失败，请点“保存草稿”。", true);
      });
  }
  window.setInterval(autosave, 60000);
})();
