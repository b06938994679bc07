"""The demo site `manage.py seed_demo` builds: its content as data, and the code that seeds it.

    data/, articles/   the content, in TOML (content.py describes the files)
    content.py         reads them into Content, checking every key
    body.py            an article body's data -> raw StreamField data (the block format)
    reading.py         strict TOML tables, wrapped text, ContentError
    pictures.py        draws the demo's pictures with Pillow (nothing is downloaded)
    seed.py            the idempotent seeding steps, run in order by `seed_all`

The articles are written for this demo (their authors are invented); their facts come from the
clinic's content guide and from the studies they cite. The package sits above every app and
only the command and the benchmarks (bench/) import it; no app does.
"""
