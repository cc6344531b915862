// cleanpress report: draws pages and clusters from the JSON embedded in the page.
// Every piece of input text is put in the document with textContent / createTextNode,
// never parsed as HTML, so a page that contains markup shows it as text.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("report-data").textContent);
  var PER_SCREEN = DATA.per_screen || 20;
  var HEADLINE = DATA.headline;  // [rule index, reason index] of the headline removal, or null
  var WORD = new RegExp("[^" + DATA.white_space + "]+", "g");  // words split as the report's writer split them

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function pageRules(page) {
    if (!page._rules) {
      var seen = {};
      page.stories.forEach(function (s) {
        s.seg.forEach(function (g) { if (typeof g !== "string") seen[g[1]] = true; });
      });
      page._rules = seen;
    }
    return page._rules;
  }

  function drawSegment(g) {
    if (typeof g === "string") return document.createTextNode(g);
    var isHeadline = HEADLINE && g[1] === HEADLINE[0] && g[2] === HEADLINE[1];
    var node = el(isHeadline ? "mark" : "del", (isHeadline ? "headline " : "rm ") + "r" + g[1], g[0]);
    node.setAttribute("data-rule", DATA.rules[g[1]]);
    node.title = isHeadline ? "headline (moved to the story's title)" : DATA.rules[g[1]] + " / " + DATA.reasons[g[2]];
    if (g.length > 3) node.title += "\n" + DATA.rules[g[1]] + ": " + g[3];  // the line's score and what weighed most
    return node;
  }

  function drawStory(story, index, pageIndex) {
    var box = el("section", "story");
    var head = el("header", "story-head");
    head.appendChild(el("span", "story-split", index === 0 ? "story " + index : "story split: story " + index));
    head.appendChild(el("code", "story-id", story.id));
    if (story.title !== null && story.title !== undefined) head.appendChild(el("span", "story-title", story.title));
    if (story.cl !== undefined && story.cl !== null && story.cl >= 0) {
      var c = DATA.clusters[story.cl];
      var isRep = c.rep !== null && c.rep[0] === pageIndex && c.rep[1] === index;
      var link = el("a", "cluster-link", (isRep ? "representative of" : "duplicate in") +
        " cluster of " + (c.members.length + 1));
      link.href = "#cluster-" + story.cl;
      link.addEventListener("click", function (ev) { ev.preventDefault(); showCluster(story.cl); });
      head.appendChild(link);
    }
    box.appendChild(head);
    var body = el("pre", "page-text");
    story.seg.forEach(function (g) { body.appendChild(drawSegment(g)); });
    box.appendChild(body);
    return box;
  }

  function drawPage(page, pageIndex) {
    var art = el("article", "page");
    art.setAttribute("data-page", page.id);
    var head = el("h3", "page-head");
    head.appendChild(el("code", null, page.id));
    var removed = page.in - page.kept;
    head.appendChild(el("span", "page-bytes", page.kept + " of " + page.in + " bytes kept, " + removed + " removed"));
    art.appendChild(head);
    page.stories.forEach(function (s, i) { art.appendChild(drawStory(s, i, pageIndex)); });
    return art;
  }

  // ---- pages view: filtered, paginated ----
  var state = { rule: -1, query: "", screen: 0, matches: [] };
  var list = document.getElementById("pages");
  var status = document.getElementById("pages-status");

  function filterPages() {
    var q = state.query.toLowerCase();
    state.matches = [];
    for (var i = 0; i < DATA.pages.length; i++) {
      var p = DATA.pages[i];
      if (state.rule >= 0 && !pageRules(p)[state.rule]) continue;
      if (q && p.id.toLowerCase().indexOf(q) < 0) continue;
      state.matches.push(i);
    }
    var screens = Math.max(1, Math.ceil(state.matches.length / PER_SCREEN));
    if (state.screen >= screens) state.screen = screens - 1;
  }

  function drawPages() {
    while (list.firstChild) list.removeChild(list.firstChild);
    var from = state.screen * PER_SCREEN;
    var to = Math.min(state.matches.length, from + PER_SCREEN);
    var frag = document.createDocumentFragment();
    for (var k = from; k < to; k++) frag.appendChild(drawPage(DATA.pages[state.matches[k]], state.matches[k]));
    list.appendChild(frag);
    var screens = Math.max(1, Math.ceil(state.matches.length / PER_SCREEN));
    status.textContent = state.matches.length + " of " + DATA.pages.length + " pages" +
      (state.rule >= 0 ? " with " + DATA.rules[state.rule] : "") +
      "; showing " + (to > from ? (from + 1) + "\u2013" + to : "none") + " (screen " + (state.screen + 1) + " of " + screens + ")";
    document.body.setAttribute("data-only", state.rule >= 0 ? "r" + state.rule : "");
    document.getElementById("prev").disabled = state.screen === 0;
    document.getElementById("next").disabled = state.screen >= screens - 1;
  }

  function setRule(rule) {
    state.rule = rule;
    state.screen = 0;
    document.getElementById("rule-filter").value = String(rule);
    var items = document.querySelectorAll(".legend-item");
    for (var i = 0; i < items.length; i++) {
      items[i].classList.toggle("active", Number(items[i].getAttribute("data-rule-index")) === rule);
    }
    filterPages();
    drawPages();
  }

  var select = document.getElementById("rule-filter");
  select.addEventListener("change", function () { setRule(Number(select.value)); });
  var items = document.querySelectorAll(".legend-item");
  for (var i = 0; i < items.length; i++) {
    items[i].addEventListener("click", function (ev) {
      var r = Number(ev.currentTarget.getAttribute("data-rule-index"));
      setRule(state.rule === r ? -1 : r);
    });
  }
  document.getElementById("page-search").addEventListener("input", function (ev) {
    state.query = ev.target.value; state.screen = 0; filterPages(); drawPages();
  });
  document.getElementById("prev").addEventListener("click", function () { state.screen--; drawPages(); window.scrollTo(0, list.offsetTop - 80); });
  document.getElementById("next").addEventListener("click", function () { state.screen++; drawPages(); window.scrollTo(0, list.offsetTop - 80); });

  // ---- clusters view: paginated, members side by side ----
  var cstate = { screen: 0 };
  var clist = document.getElementById("clusters");
  var cstatus = document.getElementById("clusters-status");
  var C_PER_SCREEN = 10;

  function storyAt(ref) { return DATA.pages[ref[0]].stories[ref[1]]; }

  // A story's kept text; the blank lines its removed lines left behind are shown as one.
  // Only ASCII white space is touched, so the words stay the ones the writer counted.
  function keptText(story) {
    var parts = [];
    story.seg.forEach(function (g) { if (typeof g === "string") parts.push(g); });
    return parts.join("").replace(/[ \t\r\f\v]*\n[ \t\r\f\v\n]*\n[ \t\r\f\v]*/g, "\n\n")
      .replace(/^[ \t\r\f\v\n]+|[ \t\r\f\v\n]+$/g, "");
  }

  // The story's kept text, with the words in `ranges` ([first, end) word indexes) highlighted.
  function drawDiff(text, ranges) {
    var body = el("pre", "member-text");
    var spans = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) spans.push([m.index, m.index + m[0].length]);
    var cursor = 0;
    ranges.forEach(function (r) {
      if (r[0] >= spans.length) return;
      var start = spans[r[0]][0], end = spans[Math.min(r[1], spans.length) - 1][1];
      if (start > cursor) body.appendChild(document.createTextNode(text.slice(cursor, start)));
      body.appendChild(el("ins", "differs", text.slice(start, end)));
      cursor = end;
    });
    if (cursor < text.length) body.appendChild(document.createTextNode(text.slice(cursor)));
    return body;
  }

  function drawMember(ref, label, sim, ranges, evidence) {
    var story = storyAt(ref);
    var col = el("div", "member" + (label === "representative" ? " representative" : ""));
    var head = el("div", "member-head");
    head.appendChild(el("span", "member-role", label));
    head.appendChild(el("code", null, story.id));
    head.appendChild(el("span", "similarity", "similarity " + Number(sim).toFixed(2) +
      (evidence ? " (" + evidence + ")" : "")));
    col.appendChild(head);
    if (story.title !== null && story.title !== undefined) col.appendChild(el("div", "member-title", story.title));
    col.appendChild(drawDiff(keptText(story), ranges));
    return col;
  }

  function drawCluster(index) {
    var c = DATA.clusters[index];
    var box = el("section", "cluster");
    box.id = "cluster-" + index;
    box.appendChild(el("h3", null, "Cluster " + (index + 1) + ": " + (c.members.length + 1) + " stories"));
    var row = el("div", "members");
    if (c.rep !== null) {
      row.appendChild(drawMember(c.rep, "representative", 1, []));
    } else {
      var absent = el("div", "member representative absent");
      var head = el("div", "member-head");
      head.appendChild(el("span", "member-role", "representative"));
      head.appendChild(el("code", null, c.rep_id));
      absent.appendChild(head);
      absent.appendChild(el("p", "absent-note", "Not in this input (a story seen in an earlier run, " +
        "through a persistent index); differing words cannot be shown."));
      row.appendChild(absent);
    }
    c.members.forEach(function (m) { row.appendChild(drawMember(m[0], "duplicate", m[1], m[2], m[3])); });
    box.appendChild(row);
    return box;
  }

  function drawClusters() {
    if (!clist) return;
    while (clist.firstChild) clist.removeChild(clist.firstChild);
    var n = DATA.clusters.length;
    var screens = Math.max(1, Math.ceil(n / C_PER_SCREEN));
    var from = cstate.screen * C_PER_SCREEN, to = Math.min(n, from + C_PER_SCREEN);
    for (var k = from; k < to; k++) clist.appendChild(drawCluster(k));
    cstatus.textContent = n + " clusters of two or more stories; showing " +
      (to > from ? (from + 1) + "\u2013" + to : "none") + " (screen " + (cstate.screen + 1) + " of " + screens + ")";
    document.getElementById("cprev").disabled = cstate.screen === 0;
    document.getElementById("cnext").disabled = cstate.screen >= screens - 1;
  }

  function showCluster(index) {
    cstate.screen = Math.floor(index / C_PER_SCREEN);
    drawClusters();
    var node = document.getElementById("cluster-" + index);
    if (node) node.scrollIntoView();
  }

  if (clist) {
    document.getElementById("cprev").addEventListener("click", function () { cstate.screen--; drawClusters(); });
    document.getElementById("cnext").addEventListener("click", function () { cstate.screen++; drawClusters(); });
  }

  filterPages();
  drawPages();
  drawClusters();
  document.body.setAttribute("data-ready", "1");
})();
