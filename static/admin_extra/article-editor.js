/* The article editor: one target field per entry, remembered open sections, a warning
   before leaving with unsaved changes, and a size check before sending. No inline
   script (the admin runs under the site's Content-Security-Policy). */
function startArticleEditor() {
  "use strict";

  var form = document.getElementById("article_form");
  if (!form) return;

  /* Each entry points at a condition, an article or a line of text: show the one its
     "Kind" names. The others keep their values until the form is sent, so switching
     back and forth loses nothing. */
  function showKind(select) {
    var row = select.closest(".editor-row");
    if (!row) return;
    row.querySelectorAll(".entry-target").forEach(function (target) {
      target.hidden = target.getAttribute("data-kind") !== select.value;
    });
  }
  document.querySelectorAll("select.entry-kind").forEach(showKind);
  form.addEventListener("change", function (event) {
    if (event.target.matches("select.entry-kind")) showKind(event.target);
  });

  function clearField(field) {
    if (field.tagName === "SELECT") {
      Array.prototype.slice.call(field.options).forEach(function (option) {
        if (option.value) option.remove();
      });
    } else if (field.type !== "hidden") {
      field.value = "";
    }
  }

  /* The autocomplete boxes (select2) name themselves by their current value only; give
     each the name of its field too, for screen readers, also in rows added later. */
  var labelled = 0;
  function labelFor(container) {
    var select = container.previousElementSibling;
    if (!select || !select.id) return null;
    var label = form.querySelector('label[for="' + CSS.escape(select.id) + '"]');
    if (label && !label.id) label.id = "label-" + select.id + "-" + (labelled += 1);
    return label;
  }
  function nameComboboxes() {
    form.querySelectorAll(".select2-container").forEach(function (container) {
      var label = labelFor(container);
      if (!label) return;
      var box = container.querySelector(".select2-selection[role=combobox]");
      if (box && !box.hasAttribute("data-named")) {
        var own = box.getAttribute("aria-labelledby");
        box.setAttribute("aria-labelledby", own ? label.id + " " + own : label.id);
        box.setAttribute("data-named", "");
      }
      container.querySelectorAll("[role=textbox]:not([aria-labelledby]), [role=textbox][aria-labelledby^=select2]").forEach(function (shown) {
        shown.setAttribute("aria-labelledby", label.id);
      });
      container.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (search) {
        search.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
      });
    });
  }
  window.addEventListener("load", nameComboboxes);
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; nameComboboxes(); });
  }).observe(form, { childList: true, subtree: true });

  /* Sections: remember which ones were open in this tab, per article. */
  var storeKey = "article-editor:" + location.pathname;
  function openKeys() {
    try { return JSON.parse(sessionStorage.getItem(storeKey) || "[]"); } catch (e) { return []; }
  }
  function saveOpenKeys() {
    var keys = [];
    document.querySelectorAll("details.block-details[open]").forEach(function (details) {
      if (details.dataset.key) keys.push(details.dataset.key);
    });
    try { sessionStorage.setItem(storeKey, JSON.stringify(keys)); } catch (e) { /* storage full or off */ }
  }
  openKeys().forEach(function (key) {
    var details = document.querySelector('details.block-details[data-key="' + CSS.escape(key) + '"]');
    if (details) details.open = true;
  });
  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches("details.block-details")) saveOpenKeys();
  }, true);
  document.querySelectorAll("[data-sections]").forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-sections") === "open";
      document.querySelectorAll(".djn-item:not(.djn-empty-form) > details.block-details").forEach(function (details) {
        details.open = open;
      });
      saveOpenKeys();
    });
  });

  /* Unsaved changes: say so in the action bar, and ask before leaving the page. */
  var dirty = false;
  var sending = false;
  var unsaved = form.querySelector(".editor-unsaved");
  function markDirty() {
    if (dirty) return;
    dirty = true;
    if (unsaved) unsaved.hidden = false;
  }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", function (event) {
    if (!event.target.matches("select.entry-kind")) markDirty();
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !sending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  /* Before sending: drop what the server does not need (the blank templates rows are
     cloned from, the targets an entry's kind does not use), then check the form is
     within what the server accepts. If not, nothing is sent and the input stays. */
  var limits = document.querySelector(".editor-limits");
  form.addEventListener("submit", function (event) {
    var maxFields = limits ? parseInt(limits.getAttribute("data-max-fields"), 10) : 0;
    form.querySelectorAll(".djn-empty-form input, .djn-empty-form select, .djn-empty-form textarea").forEach(function (field) {
      field.disabled = true;
    });
    form.querySelectorAll(".editor-row:not(.djn-empty-form) select.entry-kind").forEach(function (select) {
      select.closest(".editor-row").querySelectorAll(".entry-target").forEach(function (target) {
        if (target.getAttribute("data-kind") !== select.value) {
          target.querySelectorAll("input, select, textarea").forEach(clearField);
        }
      });
    });
    var count = 0;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && !field.disabled) count += 1;
    });
    if (maxFields && count > maxFields) {
      event.preventDefault();
      form.querySelectorAll(".djn-empty-form :disabled").forEach(function (field) { field.disabled = false; });
      var note = form.querySelector(".editor-unsaved");
      if (note) {
        note.hidden = false;
        note.textContent = "Not saved: this article's form has " + count + " fields, more than the " + maxFields +
          " one save can take. Your changes are still here. Remove some rows or split the article, then save again.";
        note.setAttribute("role", "alert");
        note.scrollIntoView({ block: "nearest" });
      }
      return;
    }
    sending = true;
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startArticleEditor);
} else {
  startArticleEditor();
}
