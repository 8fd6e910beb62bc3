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
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t && t.classList && t.classList.contains('auto-submit') && t.form) t.form.submit();
  });
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
