// The phone header's "Menu": without JavaScript it is a link to the menu (shown by CSS as the
// :target); here it becomes a disclosure button that says whether the menu is open.
(function () {
    "use strict";

    var link = document.querySelector(".menu-toggle--link");
    var button = document.querySelector(".menu-toggle--button");
    var menu = document.getElementById("site-menu");
    if (!link || !button || !menu) {
        return;
    }
    link.hidden = true;
    button.hidden = false;
    document.documentElement.classList.add("has-menu-button");

    function setOpen(open) {
        button.setAttribute("aria-expanded", open ? "true" : "false");
        menu.classList.toggle("site-header__menu--open", open);
    }

    button.addEventListener("click", function () {
        setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
            setOpen(false);
            button.focus();
        }
    });
})();
