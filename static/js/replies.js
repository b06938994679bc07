// The reader's part of the replies section, and "Reply" opening the form in place.
//
// The article's HTML is the same for every reader (it is cached), so it holds only the place
// of the reader's own part: this fetches it (their held replies, the notices after posting,
// the form with a fresh security token) from the same origin and puts it there. Without
// JavaScript the place links to the same part on a page of its own, and "Reply" links lead
// to the reply form's page, so nothing depends on this file.
(function () {
    "use strict";

    var place = document.getElementById("replies-reader");
    if (!place || !place.dataset.readerUrl) {
        return;
    }

    // "Reply" under a reply: move the form under it instead of following the link.
    function enableReplyInPlace() {
        var form = document.getElementById("leave-a-reply");
        if (!form) {
            return;
        }
        var home = form.parentElement;
        var next = form.nextSibling;
        var heading = document.getElementById("reply-form-heading");
        var replyTo = form.querySelector("input[name=reply_to]");
        var original = heading.textContent;
        // Hidden while the section's own heading already says "Leave a Reply" (no replies
        // yet): shown only while the form says whom it answers.
        var originallyHidden = heading.hidden;
        var cancel = document.createElement("button");
        cancel.type = "button";
        cancel.className = "button button--secondary reply-form__cancel";
        cancel.textContent = "Cancel reply";
        cancel.hidden = true;
        form.querySelector("form").appendChild(cancel);

        function reset() {
            home.insertBefore(form, next);
            replyTo.value = "0";
            heading.textContent = original;
            heading.hidden = originallyHidden;
            cancel.hidden = true;
        }

        cancel.addEventListener("click", function () {
            var opener = document.querySelector("[data-reply-to='" + replyTo.value + "']");
            reset();
            if (opener) {
                opener.focus();
            }
        });

        document.addEventListener("click", function (event) {
            var link = event.target.closest("[data-reply-to]");
            if (!link) {
                return;
            }
            event.preventDefault();
            link.closest(".reply__body").appendChild(form);
            replyTo.value = link.dataset.replyTo;
            heading.textContent = "Reply to " + link.dataset.replyName;
            heading.hidden = false;
            cancel.hidden = false;
            form.querySelector("textarea").focus();
        });
    }

    // The notices after posting, withdrawing or reporting come from the article's query
    // string (?replied=…): passed on as they are; the server reads only what it knows.
    fetch(place.dataset.readerUrl + window.location.search, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
    })
        .then(function (response) {
            if (!response.ok) {
                throw new Error("The reader's part answered " + response.status);
            }
            return response.text();
        })
        .then(function (html) {
            var parsed = new DOMParser().parseFromString(html, "text/html");
            var part = parsed.getElementById("replies-reader");
            if (!part) {
                return;
            }
            place.replaceChildren.apply(place, Array.prototype.slice.call(part.childNodes));
            enableReplyInPlace();
            // The address may point at the reader's own held reply, which has just arrived.
            var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
            if (target && place.contains(target)) {
                target.scrollIntoView();
            }
            var notice = place.querySelector(".reply-notice");
            if (notice) {
                notice.setAttribute("tabindex", "-1");
                notice.focus();
            }
        })
        .catch(function () {
            // The link to the reader's part on its own page stays: nothing is lost.
        });
})();
