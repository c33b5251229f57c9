// plangate's GraphiQL page: the API key typed in the X-API-KEY field above the editor is sent
// with every request (introspection included) and kept for this browser tab only
// (sessionStorage). Changing it mounts GraphiQL again, which fetches the schema again with the
// new key. Everything this page loads is served by plangate itself.
(function () {
  'use strict';
  var STORAGE_KEY = 'plangate.graphiql.apiKey';
  var endpoint = window.location.pathname;
  var input = document.getElementById('api-key');
  var show = document.getElementById('show-key');
  var status = document.getElementById('key-status');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));

  function stored() {
    try { return window.sessionStorage.getItem(STORAGE_KEY) || ''; } catch (e) { return ''; }
  }
  function store(key) {
    try {
      if (key) { window.sessionStorage.setItem(STORAGE_KEY, key); }
      else { window.sessionStorage.removeItem(STORAGE_KEY); }
    } catch (e) { /* storage unavailable: the key lives in the field only */ }
  }

  var current = null;
  function render(key) {
    if (key === current) { return; }
    current = key;
    store(key);
    status.textContent = key ? '' : 'type your server API key to load the schema';
    var headers = key ? { 'X-API-KEY': key } : {};
    var fetcher = GraphiQL.createFetcher({ url: endpoint, headers: headers });
    // A new React key mounts GraphiQL anew: it fetches the schema with the new key.
    root.render(React.createElement(GraphiQL, {
      key: 'key:' + key,
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: false
    }));
  }

  var timer = null;
  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { render(input.value.trim()); }, 400);
  });
  input.addEventListener('change', function () {
    window.clearTimeout(timer);
    render(input.value.trim());
  });
  document.getElementById('key-bar').addEventListener('submit', function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    render(input.value.trim());
  });
  show.addEventListener('click', function () {
    var hidden = input.type === 'password';
    input.type = hidden ? 'text' : 'password';
    show.textContent = hidden ? 'hide' : 'show';
    show.setAttribute('aria-pressed', hidden ? 'true' : 'false');
  });

  input.value = stored();
  render(input.value.trim());
})();
