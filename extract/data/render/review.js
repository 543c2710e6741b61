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

  // index filter
  var filter = document.getElementById('index-filter');
  if (filter) {
    filter.addEventListener('input', function () {
      var q = filter.value.trim().toLowerCase();
      document.querySelectorAll('#index tbody tr').forEach(function (row) {
        row.hidden = q !== '' && row.getAttribute('data-key').toLowerCase().indexOf(q) < 0;
      });
    });
  }

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
