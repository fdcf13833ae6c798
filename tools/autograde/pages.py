"""Pages made from a student's notebook carry none of the student's active content.

nbgrader's feedback and formgrader templates extend nbconvert's classic template, which
sanitises HTML outputs when ``HTMLExporter.sanitize_html`` is on, but they render markdown
cells themselves, unsanitised (``markdown2html | strip_files_prefix``). ``nbgrader_config.py``
therefore replaces two of the templates' filters with these, built on nh3 (the ammonia
sanitiser): scripts, event handlers, ``javascript:`` links, forms and frames go; text, headings,
tables, images (``data:`` ones included) and highlighted code stay.
"""
from __future__ import annotations

import nh3
from nbconvert.filters.strings import strip_files_prefix

ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "*": {"class", "id", "title", "align"},
              "img": {"src", "alt", "width", "height"}, "a": {"href", "title"}}
SCHEMES = nh3.ALLOWED_URL_SCHEMES | {"data"}


def clean(html) -> str:
    """``html`` with only inert tags and attributes (the templates' ``clean_html``)."""
    html = html.decode() if isinstance(html, bytes) else str(html)
    return nh3.clean(html, tags=nh3.ALLOWED_TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES)


def clean_markdown(html) -> str:
    """A rendered markdown cell, its files prefix stripped, then sanitised (``strip_files_prefix``)."""
    return clean(strip_files_prefix(html))
