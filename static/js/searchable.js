// Searchable pickers: every <select data-searchable> becomes a Tom Select (static/vendor/tom-select) one can
// type into. Loaded as a file (CSP: no inline scripts).
//   data-search-url="/people/options/accounts/"  options fetched while typing (?q=…), JSON {results: [{value, text}]}
//   data-depends-on="id_competition" data-options-url="/people/options/divisions/"
//       the options are those of the competition chosen in that select (?competition=…), reloaded when it changes
(function () {
  "use strict";
  if (typeof window.TomSelect === "undefined") { return; }

  function fetchOptions(url, callback) {
    window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { callback(data.results || []); })
      .catch(function () { callback([]); });
  }

  function withParam(url, name, value) {
    return url + (url.indexOf("?") < 0 ? "?" : "&") + name + "=" + encodeURIComponent(value);
  }

  function enhance(select) {
    var settings = {
      maxOptions: 300,
      allowEmptyOption: !select.dataset.searchUrl,
      placeholder: select.options.length && !select.options[0].value ? select.options[0].text : "输入文字搜索",
      render: {
        no_results: function () { return '<div class="no-results">无匹配项</div>'; },
        loading: function () { return '<div class="spinner-border spinner-border-sm m-2" role="status"></div>'; }
      }
    };
    var searchUrl = select.dataset.searchUrl;
    if (searchUrl) {
      settings.valueField = "value";
      settings.labelField = "text";
      settings.searchField = ["text"];
      settings.shouldLoad = function (query) { return query.length > 0; };
      settings.load = function (query, callback) { fetchOptions(withParam(searchUrl, "q", query), callback); };
    }
    var control = new window.TomSelect(select, settings);
    var master = select.dataset.dependsOn && document.getElementById(select.dataset.dependsOn);
    var optionsUrl = select.dataset.optionsUrl;
    if (master && optionsUrl) {
      master.addEventListener("change", function () {
        control.clear(true);
        control.clearOptions();
        if (!master.value) { return; }
        fetchOptions(withParam(optionsUrl, "competition", master.value), function (results) {
          results.forEach(function (option) { control.addOption(option); });
          control.refreshOptions(control.isFocused);
        });
      });
    }
  }

  document.querySelectorAll("select[data-searchable]").forEach(enhance);
})();
