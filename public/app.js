// Progressive enhancement only: every page works without it.
(function () {
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
  // Ticking a facet value submits the search. The page that comes back puts the focus on the same
  // value again, and opens the filters for it, when the tick came from the keyboard.
  var byKeyboard = false;
  document.addEventListener('keydown', function () {
    byKeyboard = true;
  });
  document.addEventListener('pointerdown', function () {
    byKeyboard = false;
  });
  var FOCUS_KEY = 'pingan-focus';
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (!(t && t.classList && t.classList.contains('auto-submit') && t.form)) return;
    try {
      sessionStorage.setItem(FOCUS_KEY, JSON.stringify({ name: t.name, value: t.value, keyboard: byKeyboard }));
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
        if (saved.keyboard || wide.matches) {
          if (filters) filters.open = true;
          var more = input.closest('details:not(#filters)');
          if (more) more.open = true;
          input.focus();
        }
        break;
      }
    }
  } catch {
    /* nothing to restore */
  }
  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('button.copy') : null;
    if (!b) return;
    var text = b.getAttribute('data-copy-url');
    if (text && text.charAt(0) === '/') text = location.origin + text;
    var from = b.getAttribute('data-copy-from');
    if (from) text = document.getElementById(from).textContent;
    var done = function () {
      var label = b.textContent;
      b.textContent = b.getAttribute('data-done') || '✓';
      setTimeout(function () {
        b.textContent = label;
      }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(text).then(done, function () {
        window.prompt('', text);
      });
    else window.prompt('', text);
  });
})();
