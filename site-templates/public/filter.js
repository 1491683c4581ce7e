// Filters the release lists of the index and the yearly archives by kind of
// change and by words of their text. Progressive enhancement: without this
// script every release is listed and no control is shown. It reads only the
// page it runs in (the cards' data-kinds and data-search attributes) and
// makes no request.
(function () {
  'use strict';
  var box = document.querySelector('[data-filter]');
  var cards = Array.prototype.slice.call(document.querySelectorAll('li.card[data-kinds]'));
  if (!box || cards.length === 0) {
    return;
  }
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.month'));
  var order = ['added', 'changed', 'deprecated', 'removed', 'fixed', 'security'];
  var present = {};
  cards.forEach(function (card) {
    card.getAttribute('data-kinds').split(' ').forEach(function (kind) {
      if (kind) {
        present[kind] = true;
      }
    });
  });

  function element(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  var form = element('form', { 'class': 'filter-form', role: 'search', 'aria-label': 'Filter releases' });
  var words = element('input', { type: 'search', id: 'filter-words', name: 'q', autocomplete: 'off' });
  var kind = element('select', { id: 'filter-kind', name: 'kind' });
  kind.appendChild(element('option', { value: '' }, 'Any kind'));
  order.forEach(function (id) {
    if (present[id]) {
      kind.appendChild(element('option', { value: id }, id.charAt(0).toUpperCase() + id.slice(1)));
    }
  });
  var wordsField = element('p', { 'class': 'field' });
  wordsField.appendChild(element('label', { 'for': 'filter-words' }, 'Search titles and notes'));
  wordsField.appendChild(words);
  var kindField = element('p', { 'class': 'field' });
  kindField.appendChild(element('label', { 'for': 'filter-kind' }, 'Kind of change'));
  kindField.appendChild(kind);
  var count = element('p', { 'class': 'filter-count', role: 'status', 'aria-live': 'polite' });
  form.appendChild(wordsField);
  form.appendChild(kindField);
  box.appendChild(form);
  box.appendChild(count);
  box.hidden = false;

  function apply() {
    var terms = words.value.toLowerCase().split(/\s+/).filter(Boolean);
    var wanted = kind.value;
    var shown = 0;
    cards.forEach(function (card) {
      var text = card.getAttribute('data-search') || '';
      var kinds = (card.getAttribute('data-kinds') || '').split(' ');
      var match = (!wanted || kinds.indexOf(wanted) !== -1) &&
        terms.every(function (term) { return text.indexOf(term) !== -1; });
      card.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector('li.card:not([hidden])');
    });
    var total = cards.length;
    var noun = total === 1 ? 'release' : 'releases';
    count.textContent = terms.length === 0 && !wanted
      ? 'Showing all ' + total + ' ' + noun + '.'
      : shown + ' of ' + total + ' ' + noun + ' match.';
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    apply();
  });
  words.addEventListener('input', apply);
  kind.addEventListener('change', apply);
  apply();
}());
