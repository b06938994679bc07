// The moderation queue in the Wagtail admin (templates/replies/admin/queue.html).
//
// - "Reply" opens the clinic's answer form in a row under the reply's row (the form comes
//   from a <template> in the row; without this script the link opens the reply's page).
// - Single keys act on the focused row, as WordPress's Comments screen offers: a approve,
//   s spam, d remove, r answer; ↑/↓ move between rows. Only when a row itself has the focus
//   (never while typing in a field), never with Ctrl/Cmd/Alt (Wagtail's own shortcuts are
//   "?", "/", "[", "]", Ctrl/Cmd+S, Ctrl/Cmd+P and Ctrl+Alt+M), and not at all when the
//   moderator has turned Wagtail's keyboard shortcuts off in their account.
// The list is replaced as the moderator searches or filters: everything is delegated from
// the document, so new rows work without setting up again.
(() => {
    const ACTIONS = { a: "approve", s: "spam", d: "remove" };
    const FOCUS_KEY = "replyQueueFocusedRow";

    function shortcutsEnabled() {
        const config = document.getElementById("wagtail-config");
        try {
            return JSON.parse(config.textContent).KEYBOARD_SHORTCUTS_ENABLED !== false;
        } catch {
            return true;
        }
    }

    const rows = () => Array.from(document.querySelectorAll("tr[data-reply-row]"));

    function closeAnswer(toggle) {
        const box = document.getElementById(toggle.getAttribute("aria-controls"));
        if (box) box.remove();
        toggle.setAttribute("aria-expanded", "false");
        toggle.removeAttribute("aria-controls");
    }

    function openAnswer(toggle) {
        const row = toggle.closest("tr");
        const id = toggle.dataset.replyAnswer;
        const template = row.querySelector(`template[data-reply-answer-form="${id}"]`);
        if (!template) return;
        const boxRow = document.createElement("tr");
        boxRow.id = `reply-answer-row-${id}`;
        boxRow.className = "reply-queue-answer";
        const cell = document.createElement("td");
        cell.colSpan = row.children.length;
        cell.appendChild(template.content.cloneNode(true));
        boxRow.appendChild(cell);
        row.after(boxRow);
        toggle.setAttribute("aria-expanded", "true");
        toggle.setAttribute("aria-controls", boxRow.id);
        cell.querySelector("[data-reply-answer-cancel]").addEventListener("click", () => {
            closeAnswer(toggle);
            toggle.focus();
        });
        cell.querySelector("textarea").focus();
    }

    function toggleAnswer(toggle) {
        if (toggle.getAttribute("aria-expanded") === "true") {
            closeAnswer(toggle);
        } else {
            openAnswer(toggle);
        }
    }

    document.addEventListener("click", (event) => {
        const toggle = event.target.closest("[data-reply-answer]");
        if (!toggle) return;
        event.preventDefault();
        toggleAnswer(toggle);
    });

    document.addEventListener("keydown", (event) => {
        if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
        const row = document.activeElement;
        if (!row || !row.matches("tr[data-reply-row]") || !shortcutsEnabled()) return;
        const key = event.key.toLowerCase();
        const all = rows();
        const index = all.indexOf(row);
        if (key === "arrowdown" || key === "arrowup") {
            const next = all[index + (key === "arrowdown" ? 1 : -1)];
            if (next) next.focus();
            event.preventDefault();
            return;
        }
        if (key === "r") {
            const toggle = row.querySelector("[data-reply-answer]");
            if (toggle) {
                event.preventDefault();
                if (toggle.getAttribute("aria-expanded") !== "true") openAnswer(toggle);
            }
            return;
        }
        const action = ACTIONS[key];
        const button = action && row.querySelector(`button[data-reply-action="${action}"]`);
        if (!button) return;
        event.preventDefault();
        // After the page comes back, the row now in this place (the next one) has the focus.
        sessionStorage.setItem(FOCUS_KEY, String(index));
        button.click();
    });

    function ready() {
        if (!shortcutsEnabled()) return;
        document.querySelectorAll("[data-reply-queue-keys]").forEach((hint) => {
            hint.hidden = false;
        });
        const stored = sessionStorage.getItem(FOCUS_KEY);
        sessionStorage.removeItem(FOCUS_KEY);
        const all = rows();
        if (stored !== null && all.length) {
            all[Math.min(Number(stored), all.length - 1)].focus();
        }
    }

    // The hint is inside the results, which searching and filtering replace.
    const results = document.getElementById("listing-results");
    if (results) {
        new MutationObserver(() => {
            if (shortcutsEnabled()) {
                results.querySelectorAll("[data-reply-queue-keys]").forEach((hint) => {
                    hint.hidden = false;
                });
            }
        }).observe(results, { childList: true });
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", ready);
    } else {
        ready();
    }
})();
