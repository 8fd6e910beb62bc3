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
    var scope = form.querySelector('select[name=scope]');
    if (scope) scope.value = params.get('scope') || '';
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
  // The bar counts them and links to the selection page (/selection?id=…), where they are arranged
  // and exported; on wide screens it also posts them to /selection.ris|.bib|.txt. Without
  // JavaScript the bar stays hidden and the selection page shows the list its address names.
  var bar = document.getElementById('selection');
  var KEY = 'pingan-selection';
  var MAX = bar ? Number(bar.getAttribute('data-max')) || 200 : 200;
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
  function idsOf(list) {
    return list.map(function (x) {
      return x.id;
    });
  }
  function has(list, id) {
    return idsOf(list).indexOf(id) !== -1;
  }
  // An address with the given ids as its id parameters, first and in order, its other parameters kept after them.
  function withIds(href, ids) {
    var url = new window.URL(href, location.href);
    var params = new URLSearchParams();
    ids.forEach(function (id) {
      params.append('id', id);
    });
    url.searchParams.forEach(function (value, key) {
      if (key !== 'id') params.append(key, value);
    });
    var qs = params.toString();
    return url.pathname + (qs ? '?' + qs : '') + url.hash;
  }
  // Opens the selection page on these ids (`href`: that page, with its other parameters): by its
  // address when they fit one, else by posting them to it (a selection kept from before the limit,
  // or merged past it, is never cut short).
  function openList(href, ids) {
    if (ids.length <= MAX) return location.replace(withIds(href, ids));
    var form = document.createElement('form');
    form.method = 'post';
    form.action = withIds(href, []);
    form.hidden = true;
    putIds(form, ids);
    document.body.appendChild(form);
    form.submit();
  }
  // A form's ids: one hidden input each, in place of those it had.
  function putIds(box, ids) {
    box.textContent = '';
    ids.forEach(function (id) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'id';
      input.value = id;
      box.appendChild(input);
    });
  }
  function render(list) {
    if (!bar) return;
    bar.hidden = list.length === 0;
    document.documentElement.classList.toggle('has-selection', list.length > 0);
    bar.querySelector('.selection-count').textContent = bar.getAttribute('data-count').replace('{n}', String(list.length));
    // A selection longer than an address holds: the bare page, which posts it (see the selection page below).
    bar.querySelector('.selection-open').href = withIds(bar.getAttribute('data-page'), list.length > MAX ? [] : idsOf(list));
    putIds(bar.querySelector('.selection-ids'), idsOf(list));
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
      var b = e.target && e.target.closest ? e.target.closest('button.select, button.selection-copy') : null;
      if (!b) return;
      var list = load();
      if (b.classList.contains('select')) {
        var id = b.getAttribute('data-select-id');
        if (!has(list, id) && list.length >= MAX) return window.alert(bar.getAttribute('data-full').replace('{n}', String(MAX)));
        save(
          has(list, id)
            ? list.filter(function (x) {
                return x.id !== id;
              })
            : list.concat([{ id: id, label: b.getAttribute('data-select-label') || id }]),
        );
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
  // The selection page: the list its address names. When that is the reader's own selection, each
  // change (remove, move, clear, undo) goes to the address and to the stored selection alike; a list
  // reached by a shared link changes only the address until the reader takes it as theirs.
  var selPage = document.getElementById('selection-page');
  if (bar && selPage) {
    var list = selPage.querySelector('ol.selection-list');
    var status = selPage.querySelector('.sel-status [role=status]');
    var undo = selPage.querySelector('button.sel-undo');
    var say = function (text) {
      status.textContent = text;
    };
    var items = function () {
      return list ? Array.prototype.slice.call(list.children) : [];
    };
    var pageIds = function () {
      return items().map(function (li) {
        return li.getAttribute('data-id');
      });
    };
    var entries = function () {
      return items().map(function (li) {
        return { id: li.getAttribute('data-id'), label: li.querySelector('.sel-title').textContent.trim() };
      });
    };
    var same = function (a, b) {
      return a.length === b.length && a.join(' ') === b.join(' ');
    };
    var own = idsOf(load());
    var mine = same(own, pageIds());
    // The bare page shows the reader's own selection (posted to it when longer than an address holds).
    if (!pageIds().length && own.length && !new URLSearchParams(location.search).has('id')) openList(location.href, own);
    var show = function (selector, on) {
      Array.prototype.forEach.call(selPage.querySelectorAll(selector), function (el) {
        el.hidden = !on;
      });
    };
    var refresh = function () {
      var ids = pageIds();
      var found = items().filter(function (li) {
        return !li.classList.contains('missing');
      });
      // A list reached by a shared link and emptied keeps an empty id in its address: reloaded, it stays
      // empty rather than becoming the reader's own selection (the bare page's). A list longer than an
      // address holds is the reader's own, posted: its address is the bare page, which posts it again.
      var long = ids.length > MAX;
      var inAddress = long ? [] : ids.length || mine ? ids : [''];
      window.history.replaceState(null, '', withIds(location.href, inAddress));
      if (mine) save(entries());
      var foundIds = found.map(function (li) {
        return li.getAttribute('data-id');
      });
      // The exports hold the measures found; the JSON twin and the other language the whole list.
      Array.prototype.forEach.call(document.querySelectorAll('a.sel-export, a.lang, link[rel=alternate]'), function (a) {
        var href = a.getAttribute('href');
        a.setAttribute('href', withIds(href, a.classList.contains('sel-export') && href.indexOf('/api/') === -1 ? foundIds : inAddress));
      });
      // The export form of a long list posts the measures found.
      Array.prototype.forEach.call(selPage.querySelectorAll('.sel-form-ids'), function (box) {
        putIds(box, foundIds);
      });
      var share = selPage.querySelector('#sel-share-url');
      if (share) {
        share.href = location.href;
        share.textContent = location.href;
        selPage.querySelector('.sel-share-copy').setAttribute('data-copy-url', location.pathname + location.search);
      }
      show('.sel-exports', found.length > 0);
      show('.sel-share, .sel-manage', ids.length > 0);
      show('.sel-share-link, .sel-share-hint', !long);
      show('.sel-long-note', long);
      show('.sel-missing-note', found.length < ids.length);
      selPage.querySelector('#selection-summary').textContent = ids.length
        ? selPage.getAttribute('data-summary').replace('{n}', String(found.length))
        : selPage.getAttribute('data-empty');
      items().forEach(function (li, i, all) {
        li.querySelector('.sel-up').disabled = i === 0;
        li.querySelector('.sel-down').disabled = i === all.length - 1;
      });
    };
    var shared = selPage.querySelector('.sel-shared');
    if (pageIds().length && !mine) {
      var n = String(pageIds().length);
      shared.querySelector('.sel-shared-text').textContent = selPage
        .getAttribute(own.length ? 'data-shared' : 'data-shared-none')
        .replace('{n}', n)
        .replace('{m}', String(own.length));
      shared.querySelector('.sel-replace').hidden = !own.length;
      shared.querySelector('.sel-merge').hidden = !own.length;
      shared.querySelector('.sel-adopt').hidden = own.length > 0;
      shared.hidden = false;
    }
    show('.sel-actions', true);
    show('.sel-local', mine);
    refresh();
    var undoTimer = null;
    var cleared = null;
    selPage.addEventListener('click', function (e) {
      var b = e.target && e.target.closest ? e.target.closest('button') : null;
      if (!b) return;
      var li = b.closest('li.sel-item');
      var title = li ? li.querySelector('.sel-title').textContent.trim() : '';
      if (b.classList.contains('sel-replace') || b.classList.contains('sel-adopt')) {
        mine = true;
        shared.hidden = true;
        show('.sel-local', true);
        refresh();
        selPage.querySelector('h1').focus();
        say(selPage.getAttribute('data-saved'));
      } else if (b.classList.contains('sel-merge')) {
        var merged = load().concat(
          entries().filter(function (x) {
            return own.indexOf(x.id) === -1;
          }),
        );
        save(merged);
        openList(location.href, idsOf(merged));
      } else if (b.classList.contains('sel-up') || b.classList.contains('sel-down')) {
        var up = b.classList.contains('sel-up');
        var other = up ? li.previousElementSibling : li.nextElementSibling;
        if (!other) return;
        list.insertBefore(li, up ? other : other.nextElementSibling);
        refresh();
        // The focus stays with the moved measure, on the other button when this one has reached the end.
        (b.disabled ? li.querySelector(up ? '.sel-down' : '.sel-up') : b).focus();
        say(selPage.getAttribute('data-moved').replace('{n}', String(items().indexOf(li) + 1)));
      } else if (b.classList.contains('sel-remove')) {
        var next = li.nextElementSibling || li.previousElementSibling;
        li.remove();
        refresh();
        (next ? next.querySelector('.sel-remove') : selPage.querySelector('h1')).focus();
        say(selPage.getAttribute('data-removed').replace('{t}', title));
      } else if (b.classList.contains('sel-clear')) {
        cleared = items();
        cleared.forEach(function (x) {
          x.remove();
        });
        // A shared list is cleared from this page and its address only: the reader's own selection
        // stays, and nothing is left offering to save the empty list as theirs.
        if (!mine) shared.hidden = true;
        refresh();
        say(selPage.getAttribute(mine ? 'data-cleared' : 'data-cleared-shared'));
        undo.hidden = false;
        undo.focus();
        window.clearTimeout(undoTimer);
        // The undo is offered for a while, then the cleared list is let go.
        undoTimer = setTimeout(function () {
          undo.hidden = true;
          cleared = null;
        }, 30000);
      } else if (b.classList.contains('sel-undo') && cleared) {
        cleared.forEach(function (x) {
          list.appendChild(x);
        });
        cleared = null;
        undo.hidden = true;
        window.clearTimeout(undoTimer);
        if (!mine) shared.hidden = false;
        refresh();
        say(selPage.getAttribute('data-restored'));
        selPage.querySelector('.sel-clear').focus();
      }
    });
    // Another window changed the reader's selection: this page shows it.
    window.addEventListener('storage', function (e) {
      if (e.key === KEY && mine && !same(idsOf(load()), pageIds())) openList(location.href, idsOf(load()));
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
