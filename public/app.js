// Progressive enhancement only: every page works without it.
(function () {
  // Copies text and says so on the button for a moment; where the clipboard is closed, shows the text to copy by hand.
  function copyText(button, text, doneLabel) {
    var done = function () {
      var label = button.textContent;
      button.textContent = doneLabel || '✓';
      setTimeout(function () {
        button.textContent = label;
      }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(text).then(done, function () {
        window.prompt('', text);
      });
    else window.prompt('', text);
  }
  // A long facet list gets a box that narrows it as one types.
  Array.prototype.forEach.call(document.querySelectorAll('input.facet-filter'), function (box) {
    box.hidden = false;
    box.addEventListener('input', function () {
      var needle = box.value.trim().toLowerCase();
      var fieldset = box.closest('fieldset');
      Array.prototype.forEach.call(fieldset.querySelectorAll('li.facet-value'), function (li) {
        li.hidden = needle !== '' && li.textContent.toLowerCase().indexOf(needle) === -1;
      });
      var more = fieldset.querySelector('details');
      if (more && needle) more.open = true;
    });
  });
  // Ticking a facet value submits the search. The page that comes back opens the filters again (the
  // tick came from inside them, on a phone too) and puts the focus on the same value.
  var FOCUS_KEY = 'pingan-focus';
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (!(t && t.classList && t.classList.contains('auto-submit') && t.form)) return;
    try {
      sessionStorage.setItem(FOCUS_KEY, JSON.stringify({ name: t.name, value: t.value }));
    } catch {
      /* storage may be off; the search still works */
    }
    t.form.submit();
  });
  var filters = document.getElementById('filters');
  var wide = window.matchMedia('(min-width: 761px)');
  if (filters && wide.matches) filters.open = true;
  try {
    var saved = JSON.parse(sessionStorage.getItem(FOCUS_KEY) || 'null');
    sessionStorage.removeItem(FOCUS_KEY);
    if (saved) {
      var inputs = document.querySelectorAll('input.auto-submit');
      for (var i = 0; i < inputs.length; i++) {
        var input = inputs[i];
        if (input.name !== saved.name || input.value !== saved.value) continue;
        if (filters) filters.open = true;
        var more = input.closest('details:not(#filters)');
        if (more) more.open = true;
        input.focus();
        break;
      }
    }
  } catch {
    /* nothing to restore */
  }
  // The boxes say what the address says: a page shown again by Back (from the browser's cache, or
  // with the form state it restores) keeps no tick the address does not hold (search and figures).
  window.addEventListener('pageshow', function () {
    var form = document.getElementById('search-form') || document.getElementById('figures-form');
    if (!form) return;
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.querySelectorAll('input.auto-submit'), function (box) {
      box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
    });
    var q = form.querySelector('input[name=q]');
    if (q) q.value = params.getAll('q').join(' ');
  });
  // A report's outline marks the section being read: the one the address points into, else the
  // one at the top of the window.
  var sections = document.querySelectorAll('.outline a[data-section]');
  var blocks = document.querySelectorAll('.block[data-section]');
  if (sections.length && blocks.length) {
    var markSection = function () {
      var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
      var at = null;
      if (target && target.matches('.block')) {
        var box = target.getBoundingClientRect();
        if (box.bottom > 0 && box.top < window.innerHeight) at = target;
      }
      for (var i = 0; !at && i < blocks.length; i++) {
        if (blocks[i].getBoundingClientRect().top > window.innerHeight / 3) at = blocks[Math.max(0, i - 1)];
      }
      var section = (at || blocks[blocks.length - 1]).getAttribute('data-section');
      Array.prototype.forEach.call(sections, function (a) {
        if (a.getAttribute('data-section') === section) a.setAttribute('aria-current', 'location');
        else a.removeAttribute('aria-current');
      });
    };
    var pending = false;
    window.addEventListener('scroll', function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        markSection();
      });
    });
    window.addEventListener('hashchange', markSection);
    markSection();
  }
  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('button.copy') : null;
    if (!b) return;
    var text = b.getAttribute('data-copy-url');
    if (text && text.charAt(0) === '/') text = location.origin + text;
    var from = b.getAttribute('data-copy-from');
    if (from) text = document.getElementById(from).textContent;
    copyText(b, text, b.getAttribute('data-done'));
  });
  // The selection: measures ticked across searches and pages, kept in this browser (no account).
  // The bar posts the ids to /selection.ris|.bib|.txt; without JavaScript the bar stays hidden and
  // the single-measure and result-set exports work as links.
  var bar = document.getElementById('selection');
  var KEY = 'pingan-selection';
  function load() {
    try {
      var list = JSON.parse(localStorage.getItem(KEY) || '[]');
      return Array.isArray(list)
        ? list.filter(function (x) {
            return x && typeof x.id === 'string';
          })
        : [];
    } catch {
      return [];
    }
  }
  function save(list) {
    try {
      localStorage.setItem(KEY, JSON.stringify(list));
    } catch {
      /* storage is off: the selection lasts until the page changes */
    }
    render(list);
  }
  function has(list, id) {
    return list.some(function (x) {
      return x.id === id;
    });
  }
  function render(list) {
    if (!bar) return;
    bar.hidden = list.length === 0;
    bar.querySelector('.selection-count').textContent = bar.getAttribute('data-count').replace('{n}', String(list.length));
    var ids = bar.querySelector('.selection-ids');
    ids.textContent = '';
    list.forEach(function (x) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'id';
      input.value = x.id;
      ids.appendChild(input);
    });
    Array.prototype.forEach.call(document.querySelectorAll('button.select'), function (b) {
      var on = has(list, b.getAttribute('data-select-id'));
      b.hidden = false;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.textContent = bar.getAttribute(on ? 'data-remove' : 'data-add');
    });
  }
  function dropMissing(header) {
    var missing = (header || '').split(' ').filter(Boolean);
    if (!missing.length) return;
    save(
      load().filter(function (x) {
        return missing.indexOf(x.id) === -1;
      }),
    );
    window.alert(bar.getAttribute('data-missing').replace('{n}', String(missing.length)));
  }
  if (bar) {
    render(load());
    window.addEventListener('storage', function (e) {
      if (e.key === KEY) render(load());
    });
    document.addEventListener('click', function (e) {
      var b = e.target && e.target.closest ? e.target.closest('button.select, button.selection-clear, button.selection-copy') : null;
      if (!b) return;
      var list = load();
      if (b.classList.contains('select')) {
        var id = b.getAttribute('data-select-id');
        save(
          has(list, id)
            ? list.filter(function (x) {
                return x.id !== id;
              })
            : list.concat([{ id: id, label: b.getAttribute('data-select-label') || id }]),
        );
      } else if (b.classList.contains('selection-clear')) {
        save([]);
      } else {
        var body = new URLSearchParams();
        list.forEach(function (x) {
          body.append('id', x.id);
        });
        fetch('/selection.txt', { method: 'POST', body: body })
          .then(function (res) {
            dropMissing(res.headers.get('X-Missing-Ids'));
            if (res.status === 404) save([]);
            return res.ok ? res.text() : '';
          })
          .then(function (text) {
            if (!text) return;
            copyText(b, text, bar.getAttribute('data-done'));
          });
      }
    });
  }
  // The admin's re-index: the progress bar follows the job until it is done.
  var job = document.getElementById('job');
  if (job && job.getAttribute('data-state') === 'running') {
    var poll = function () {
      fetch('/admin/jobs/' + job.getAttribute('data-job') + '.json', { credentials: 'same-origin' })
        .then(function (res) {
          return res.json();
        })
        .then(function (j) {
          var pct = Math.round(j.progress * 100);
          job.querySelector('progress').value = pct;
          job.querySelector('.percent').textContent = pct + '%';
          var state = job.querySelector('.state');
          if (j.state === 'running') {
            state.textContent = j.phase + '…';
            setTimeout(poll, 400);
          } else {
            // The finished job's page says the outcome, titled by it, with links to its reports.
            job.setAttribute('data-state', j.state);
            state.textContent = job.getAttribute(j.state === 'done' ? 'data-done' : 'data-failed') + ': ' + j.message;
            location.replace('/admin/jobs/' + job.getAttribute('data-job'));
          }
        })
        .catch(function () {
          setTimeout(poll, 2000);
        });
    };
    setTimeout(poll, 300);
  }
})();
