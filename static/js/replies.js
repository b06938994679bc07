// "Reply" under a reply: open the form right there instead of on its own page.
// Without JavaScript the link leads to that page, so nothing depends on this file.
(function () {
    "use strict";

    var form = document.getElementById("leave-a-reply");
    if (!form) {
        return;
    }
    var home = form.parentElement;
    var next = form.nextSibling;
    var heading = document.getElementById("reply-form-heading");
    var replyTo = form.querySelector("input[name=reply_to]");
    var original = heading.textContent;
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
        cancel.hidden = false;
        form.querySelector("textarea").focus();
    });
})();
