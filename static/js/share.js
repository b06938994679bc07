// "Copy link" in the share row: the system share sheet where the browser has one,
// otherwise copy the address to the clipboard. Without JavaScript it stays a plain link.
(function () {
    "use strict";

    function announce(link, message) {
        var status = link.parentElement.querySelector(".share__status");
        if (status) {
            status.textContent = message;
        }
    }

    document.addEventListener("click", function (event) {
        var link = event.target.closest("[data-share-copy]");
        if (!link) {
            return;
        }
        var url = link.href;
        if (navigator.share) {
            event.preventDefault();
            navigator.share({ title: link.dataset.shareTitle, url: url }).catch(function () {
                // The reader closed the share sheet: nothing to do.
            });
        } else if (navigator.clipboard && window.isSecureContext) {
            event.preventDefault();
            navigator.clipboard.writeText(url).then(
                function () { announce(link, "Link copied."); },
                function () { announce(link, "Could not copy; the link is: " + url); }
            );
        }
    });
})();
