"""Markdown drawn on the server as Dash html components, in place of dcc.Markdown: the page needs no Markdown script
(Dash's 325 KB async-markdown chunk, fetched after the page's first render and rendering it again) before its first chart.

Parsed with markdown-it-py (CommonMark, plus GitHub tables and strikethrough as dcc.Markdown draws them); raw HTML in
the text stays text, as dcc.Markdown leaves it by default.
"""
from __future__ import annotations

import textwrap
from typing import Any

from dash import html
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

PARSER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
TAGS = {"p": html.P, "h1": html.H1, "h2": html.H2, "h3": html.H3, "h4": html.H4, "h5": html.H5, "h6": html.H6,
        "ul": html.Ul, "ol": html.Ol, "li": html.Li, "blockquote": html.Blockquote, "em": html.Em,
        "strong": html.Strong, "s": html.S, "code": html.Code, "table": html.Table, "thead": html.Thead,
        "tbody": html.Tbody, "tr": html.Tr, "th": html.Th, "td": html.Td}
TEXTS = {"text": lambda n: n.content, "softbreak": lambda n: "\n", "hardbreak": lambda n: html.Br(),
         "hr": lambda n: html.Hr(), "code_inline": lambda n: html.Code(n.content),
         "fence": lambda n: html.Pre(html.Code(n.content)), "code_block": lambda n: html.Pre(html.Code(n.content))}


def markdown(text: str, **props: Any) -> html.Div:
    """The Markdown text as html components in a div (props: id, className, ... of the div), dedented like
    dcc.Markdown's default."""
    props["className"] = " ".join(filter(None, ["mpd-markdown", props.get("className")]))   # assets/markdown.css
    return html.Div(children(SyntaxTreeNode(PARSER.parse(textwrap.dedent(text)))), **props)


def children(node: SyntaxTreeNode) -> list:
    """A node's children as components and strings (a tight list's paragraphs give their text only)."""
    out: list = []
    for child in node.children:
        if child.type == "inline" or (child.type == "paragraph" and child.hidden):
            out.extend(children(child))
        else:
            out.append(component(child))
    return out


def component(node: SyntaxTreeNode) -> Any:
    """One node as a component (or a string for text)."""
    if node.type in TEXTS:
        return TEXTS[node.type](node)
    attrs = dict(node.attrs)
    if node.type == "link":
        return html.A(children(node), href=str(attrs["href"]), **({"title": str(attrs["title"])}
                                                                  if "title" in attrs else {}))
    if node.type == "image":
        return html.Img(src=str(attrs["src"]), alt="".join(c.content for c in node.children))
    props: dict[str, Any] = {}
    if "style" in attrs:                                # a table column's alignment: "text-align:right"
        props["style"] = {"textAlign": str(attrs["style"]).split(":", 1)[1]}
    if "start" in attrs:
        props["start"] = int(attrs["start"])
    return TAGS[node.tag](children(node), **props)
