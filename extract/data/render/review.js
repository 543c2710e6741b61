// Review page of extract render: event → evidence navigation, highlight toggles, index filter,
// entity focus. Reads everything from the DOM (no data embedded in the script).
(function () {
  'use strict';
  var targeted = [];

  function clearTargets() {
    targeted.forEach(function (el) { el.classList.remove('targeted'); });
    targeted = [];
  }

  function mark(el) {
    if (el) { el.classList.add('targeted'); targeted.push(el); }
  }

  // Scroll to an evidence sentence and highlight it, its event row and the event's trigger.
  function goToEvidence(evidenceId, eventRowId) {
    var evidence = document.getElementById(evidenceId);
    if (!evidence) { return; }
    var section = evidence.closest('.doc');
    if (section && section.hidden) { section.hidden = false; }   // hidden by the search
    clearTargets();
    // restart the flash animation when the same sentence is targeted twice
    evidence.classList.remove('targeted');
    void evidence.offsetWidth;
    mark(evidence);
    if (eventRowId) {
      mark(document.getElementById(eventRowId));
      evidence.querySelectorAll('[data-events~="' + eventRowId + '"]').forEach(mark);
    }
    evidence.scrollIntoView({ block: 'center', inline: 'nearest' });
    if (history.replaceState) { history.replaceState(null, '', '#' + evidenceId); }
  }

  document.addEventListener('click', function (e) {
    var target = e.target instanceof Element ? e.target : null;
    if (!target) { return; }
    var link = target.closest('a[href]');
    var source = target.closest('[data-ev]');
    // links to something else inside an event row (an argument's mention) keep their own target
    if (!source || (link && !link.hasAttribute('data-ev') && link !== source)) {
      return;
    }
    e.preventDefault();
    goToEvidence(source.getAttribute('data-ev'), source.getAttribute('data-evt'));
  });

  // highlight toggles: <input type=checkbox data-toggle="date"> hides/shows one kind
  document.querySelectorAll('input[data-toggle]').forEach(function (box) {
    box.addEventListener('change', function () {
      document.body.classList.toggle('hide-' + box.getAttribute('data-toggle'), !box.checked);
    });
  });

  // search: text, organisation and event type filter the corpus events table, the index and
  // the document sections; matches of the text are highlighted where the browser can
  var qText = document.getElementById('q-text');
  var qOrg = document.getElementById('q-org');
  var qType = document.getElementById('q-type');
  var qStatus = document.getElementById('q-status');
  var SEP = '\u001f';
  var docTexts = null;                     // key → lower-cased text, id and source (built once)

  function docText(row) {
    if (!docTexts) {
      docTexts = {};
      document.querySelectorAll('#index tbody tr[data-doc]').forEach(function (r) {
        var section = document.getElementById(r.getAttribute('data-doc'));
        var text = section ? section.querySelector('.text').textContent : '';
        docTexts[r.getAttribute('data-doc')] = (text + ' ' + r.getAttribute('data-key')).toLowerCase();
      });
    }
    return docTexts[row.getAttribute('data-doc')] || '';
  }

  function hasOrg(el, org) {
    return (el.getAttribute('data-orgs') || '').toLowerCase().split(SEP).some(function (name) {
      return name.indexOf(org) >= 0;
    });
  }

  function highlightText(q) {
    if (!(window.CSS && CSS.highlights && window.Highlight)) { return; }
    CSS.highlights.delete('search');
    if (q === '') { return; }
    var ranges = [];
    document.querySelectorAll('.doc:not([hidden]) .text').forEach(function (box) {
      var walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node && ranges.length < 5000; node = walker.nextNode()) {
        var lower = node.data.toLowerCase();
        for (var at = lower.indexOf(q); at >= 0 && ranges.length < 5000; at = lower.indexOf(q, at + q.length)) {
          var range = new Range();
          range.setStart(node, at);
          range.setEnd(node, at + q.length);
          ranges.push(range);
        }
      }
    });
    var found = new Highlight();
    ranges.forEach(function (range) { found.add(range); });
    CSS.highlights.set('search', found);
  }

  function applySearch() {
    var q = qText.value.trim().toLowerCase();
    var org = qOrg.value.trim().toLowerCase();
    var type = qType.value;
    var events = 0, eventsShown = 0, docs = 0, docsShown = 0;
    var docsWithEvent = {};
    document.querySelectorAll('#all-events tbody tr').forEach(function (row) {
      var ok = (!type || row.getAttribute('data-type') === type) && (!org || hasOrg(row, org)) &&
               (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
      row.hidden = !ok;
      events += 1;
      if (ok) { eventsShown += 1; docsWithEvent[row.getAttribute('data-doc')] = true; }
    });
    document.querySelectorAll('#index tbody tr[data-doc]').forEach(function (row) {
      var key = row.getAttribute('data-doc');
      var types = (row.getAttribute('data-types') || '').split(' ');
      var ok = (!type || types.indexOf(type) >= 0) && (!org || hasOrg(row, org)) &&
               (!q || docText(row).indexOf(q) >= 0);
      ok = ok || docsWithEvent[key] === true;      // a document holding a matching event matches
      row.hidden = !ok;
      var section = document.getElementById(key);
      if (section) { section.hidden = !ok; }
      docs += 1;
      if (ok) { docsShown += 1; }
    });
    var count = document.getElementById('all-count');
    if (count) { count.textContent = (q || org || type) ? eventsShown + ' of ' + events : String(events); }
    qStatus.textContent = (q || org || type)
      ? docsShown + ' of ' + docs + ' documents and ' + eventsShown + ' of ' + events + ' events match.'
      : '';
    highlightText(q);
  }

  if (qText && qOrg && qType) {
    [qText, qOrg].forEach(function (input) { input.addEventListener('input', applySearch); });
    qType.addEventListener('change', applySearch);
    document.getElementById('q-clear').addEventListener('click', function () {
      qText.value = ''; qOrg.value = ''; qType.value = '';
      applySearch();
    });
  }

  // sortable columns of the corpus events table (by data-sort, else the cell's text)
  document.querySelectorAll('#all-events th button[data-sort-col]').forEach(function (button) {
    button.addEventListener('click', function () {
      var th = button.parentNode;
      var col = Number(button.getAttribute('data-sort-col'));
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      th.closest('tr').querySelectorAll('th').forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var body = th.closest('table').tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var cell = row.cells[col];
        return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
      };
      rows.forEach(function (row, n) { row._n = n; });
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === '' && y !== '') { return 1; }          // empty (undated) last either way
        if (y === '' && x !== '') { return -1; }
        var c = x < y ? -1 : x > y ? 1 : 0;
        return (ascending ? c : -c) || a._n - b._n;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  // entity legend: outline every mention of one organisation
  document.addEventListener('click', function (e) {
    var button = e.target instanceof Element ? e.target.closest('button[data-ent]') : null;
    if (!button) { return; }
    var section = button.closest('.doc');
    var on = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    section.querySelectorAll('.m-organisation[data-ent="' + button.getAttribute('data-ent') + '"]')
      .forEach(function (m) { m.classList.toggle('ent-hl', on); });
  });

  // opened with the address of an evidence sentence (a shared link): highlight it
  var initial = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (initial && initial.classList.contains('evid')) { mark(initial); }
}());
