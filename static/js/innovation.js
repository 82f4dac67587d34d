// The application form (innovation contest): autosave of the draft every 60 s while something changed, and a
// warning before leaving with unsaved changes. Files are uploaded only by the buttons, never by the autosave.
// When the session expired, the page keeps what was typed; once the user has logged in again (in another
// window), a fresh CSRF token is fetched so that the next autosave or 保存草稿 stores it.
(function () {
  var form = document.getElementById("application-form");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var dirty = false;
  var submitting = false;
  var expired = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) { event.preventDefault(); event.returnValue = ""; }
  });
  function say(text, bad) {
    if (!status) { return; }
    status.textContent = text;
    status.className = "small ms-2 " + (bad ? "text-danger" : "text-muted");
  }
  var LOGIN_AGAIN = "登录已过期，未能保存。请勿关闭本页，在新窗口重新登录后再点“保存草稿”。";
  // Is the session still alive? Also takes the page's current CSRF token (it changes at each login).
  function refreshToken() {
    return fetch(form.getAttribute("action"), {credentials: "same-origin"}).then(function (response) {
      if (response.redirected || !response.ok) { throw new Error("login"); }
      return response.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("input[name=csrfmiddlewaretoken]");
      if (!fresh) { throw new Error("login"); }
      form.querySelector("input[name=csrfmiddlewaretoken]").value = fresh.value;
      expired = false;
    });
  }
  function autosave() {
    if (!dirty || submitting) { return; }
    dirty = false;
    (expired ? refreshToken() : Promise.resolve()).then(function () {
      var data = new FormData(form);
      Array.from(form.querySelectorAll("input[type=file]")).forEach(function (input) { data.delete(input.name); });
      return fetch(form.getAttribute("action"), {method: "POST", body: data, credentials: "same-origin",
                                                 headers: {"X-Requested-With": "XMLHttpRequest"}});
    }).then(function (response) {
      if (response.ok && !response.redirected) { return response.json(); }
      // redirected to the login page (session expired) or refused by the CSRF check (logged in anew)
      throw new Error(response.redirected || response.status === 403 ? "login" : String(response.status));
    }).then(function (body) {
      say("已自动保存草稿：" + body.saved_at, false);
    }).catch(function (error) {
      dirty = true;
      if (error.message === "login") { expired = true; }
      say(error.message === "login" ? LOGIN_AGAIN : "自动保存失败，请点“保存草稿”。", true);
    });
  }
  // Before 保存草稿 / 提交 the session is checked, so that a post never lands on the login page and is lost.
  var verified = false;
  form.addEventListener("submit", function (event) {
    if (verified) {
      verified = false;
      window.setTimeout(function () { submitting = !event.defaultPrevented; }, 0);
      return;
    }
    event.preventDefault();
    event.stopPropagation();  // the confirmation (app.js) is asked on the second, verified pass
    var submitter = event.submitter;
    refreshToken().then(function () {
      verified = true;
      form.requestSubmit(submitter);
    }).catch(function () {
      expired = true;
      say(LOGIN_AGAIN, true);
      window.alert(LOGIN_AGAIN);
    });
  });
  window.setInterval(autosave, 60000);
})();
