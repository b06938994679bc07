"""An article's body, from its data to raw StreamField data for blog.blocks.ArticleBodyBlock.

The body is a list of `[[body]]` tables in reading order. `type` names a block; the other keys,
with their defaults, are:

    heading         text; level = "h2" or "h3" ("h2"); anchor ("": made from the text)
    paragraph       text (one or more paragraphs, a blank line between them)
    key_takeaways   items (a list of strings); heading (the block's default)
    pull_quote      text; attribution ("")
    callout         style = "info" or "warning"; title; text (""); crisis_note = true ends
                    it with the crisis note of data/clinic.toml
    call_to_action  heading (the block's default); text ("": the block then uses the
                    wording and contact details of Clinic settings)
    image           picture: a key of the article's [pictures] (with its alt text and caption)
    references      references: keys of data/references.toml; heading (the block's default)
    faq             [[body.items]] tables of question and answer; heading (the block's default)
    table           caption; columns (the column headings); rows (lists of cells, one per
                    column, the first heading its row), all plain text
"""

from blog.blocks import ArticleBodyBlock

from .reading import ContentError, Table, html_paragraphs, lookup, prose

BODY_BLOCK = ArticleBodyBlock()


def block_default(block_type, field):
    """The default of a body block's field, as editors find it in the admin."""
    return BODY_BLOCK.child_blocks[block_type].child_blocks[field].get_default()


def read_body(blocks, *, pictures, references, crisis_note, where):
    """Raw StreamField data (a tuple of {"type", "value"} dicts) from a list of `[[body]]`
    tables. Blocks refer to the article's `pictures` (key -> Picture; an image block holds
    the Picture where its image id goes), the shared `references` (key -> ReferenceBlock
    value) and the `crisis_note`. Raises ContentError naming `where` and the block."""
    body = []
    for position, data in enumerate(blocks, start=1):
        block_where = f"{where}, body block {position}"
        with Table(data, block_where) as block:
            block_type = block["type"]
            value = block_value(
                block_type,
                block,
                pictures=pictures,
                references=references,
                crisis_note=crisis_note,
                where=block_where,
            )
        body.append({"type": block_type, "value": value})
    return tuple(body)


def block_value(block_type, block, *, pictures, references, crisis_note, where):
    """The raw value of one body block, read from its Table (see read_body)."""
    match block_type:
        case "heading":
            return {
                "text": prose(block["text"]),
                "level": block.get("level", block_default(block_type, "level")),
                "anchor": block.get("anchor", ""),
            }
        case "paragraph":
            return html_paragraphs(block["text"])
        case "key_takeaways":
            return {
                "heading": block.get("heading", block_default(block_type, "heading")),
                "items": [prose(item) for item in block["items"]],
            }
        case "pull_quote":
            return {"text": prose(block["text"]), "attribution": block.get("attribution", "")}
        case "callout":
            text = block.get("text", "").strip()
            if block.get("crisis_note", False):
                text = f"{text} {crisis_note}" if text else crisis_note
            return {
                "style": block["style"],
                "title": prose(block.get("title", "")),
                "text": html_paragraphs(text),
            }
        case "call_to_action":
            return {
                "heading": block.get("heading", block_default(block_type, "heading")),
                "text": html_paragraphs(block.get("text", "")),
            }
        case "image":
            picture = lookup(pictures, block["picture"], "picture", where)
            return {
                "image": picture,
                "alt_text": picture.alt,
                "caption": picture.caption,
                "credit": "",
            }
        case "references":
            return {
                "heading": block.get("heading", block_default(block_type, "heading")),
                "references": [
                    lookup(references, key, "reference", where) for key in block["references"]
                ],
            }
        case "faq":
            items = []
            for position, data in enumerate(block["items"], start=1):
                with Table(data, f"{where}, question {position}") as item:
                    question, answer = prose(item["question"]), html_paragraphs(item["answer"])
                items.append({"question": question, "answer": answer})
            return {
                "heading": block.get("heading", block_default(block_type, "heading")),
                "items": items,
            }
        case "table":
            columns = [prose(heading) for heading in block["columns"]]
            rows = [[prose(cell) for cell in row] for row in block["rows"]]
            if any(len(row) != len(columns) for row in rows):
                raise ContentError(f"{where}: every row needs {len(columns)} cells, one a column")
            return {
                "caption": prose(block["caption"]),
                "columns": [{"type": "text", "heading": heading} for heading in columns],
                "rows": [{"values": row} for row in rows],
            }
    raise ContentError(f"{where}: unknown block type {block_type!r}")
