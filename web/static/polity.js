// Progressive enhancement only: every page works without this file.
// While a form is being submitted (a remote search or a follow can take seconds), disable its submit
// buttons so it is not sent twice, mark it busy, and announce the wait to screen readers.
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) {
      return;
    }
    form.setAttribute('aria-busy', 'true');
    form.classList.add('busy');
    var buttons = form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
    window.setTimeout(function () {
      buttons.forEach(function (b) { b.disabled = true; });
    }, 0);
    var status = document.getElementById('progress-status');
    if (status) {
      status.textContent = status.getAttribute('data-working') || '';
    }
  });
  // Coming back with the browser's Back button restores a page from cache: make its forms usable again.
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form.busy').forEach(function (form) {
      form.classList.remove('busy');
      form.removeAttribute('aria-busy');
      form.querySelectorAll('button, input[type="submit"]').forEach(function (b) { b.disabled = false; });
    });
  });
})();
// The header's Menu disclosure (layout.jte) is open on wide screens and closed on phones, so its links are
// plainly there for every tool on a desktop; without this script the stylesheet shows them all the same.
(function () {
  'use strict';
  var wide = window.matchMedia ? window.matchMedia('(min-width: 48rem)') : null;
  function sync() {
    var menu = document.querySelector('details.nav-menu');
    if (menu && wide) {
      menu.open = wide.matches;
    }
  }
  if (wide) {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', sync);
    } else {
      sync();
    }
    if (wide.addEventListener) {
      wide.addEventListener('change', sync);
    }
  }
})();
