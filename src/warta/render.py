"""A readable terminal view of an article record (rich): the text with entities highlighted,
then tables of counts, quotes, dates, events and checks."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from warta.record import Article

#: One colour per entity type, as displaCy does it.
TYPE_STYLES = {
    "PER": "bold magenta",
    "ORG": "bold cyan",
    "LOC": "bold green",
    "GPE": "bold green",
    "FAC": "bold yellow",
    "EVT": "bold blue",
}


def _highlighted(article: Article) -> Text:
    text = Text(article.text)
    lead = article.metadata.lead
    if lead is not None:
        text.stylize("dim underline", lead.start, lead.end)
    for entity in article.entities:
        style = TYPE_STYLES.get(entity.type, "bold")
        for m in entity.mentions:
            text.stylize(style, m.start, m.end)
    for q in article.quotes:
        text.stylize("italic", q.start, q.end)
    return text


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, title_justify="left", expand=False, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    if not rows:
        table.add_row(*(["[dim]none found[/dim]"] + [""] * (len(columns) - 1)))
    for row in rows:
        table.add_row(*row)
    return table


def article_view(article: Article, pending: dict[str, int] | None = None) -> RenderableType:
    """Everything in the record as rich renderables, in reading order.

    ``pending`` names stages not implemented yet (stage -> issue), so that an empty table is
    not mistaken for "nothing in the article".
    """
    md = article.metadata
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    lang = md.language or "unknown"
    if md.language_score is not None:
        lang += f" ({md.language_score:.2f})"
    for label, value in (
        ("source", md.source),
        ("dateline", md.dateline),
        ("published", md.published),
        ("title", md.title),
        ("url", md.url),
        ("language", lang),
        ("sentences", str(len(article.sentences))),
        ("id", article.id),
    ):
        if value:
            facts.add_row(label, value)
    parts: list[RenderableType] = [Panel(facts, title="warta record", title_align="left")]
    for notice in article.notices:
        parts.append(Text(f"notice ({notice.kind}): {notice.message}", style="yellow"))
    legend = Text("entities: ")
    present = {e.type for e in article.entities}
    for typ, style in TYPE_STYLES.items():
        if typ in present:
            legend.append(typ, style=style).append(" ")
    parts += [legend, Panel(_highlighted(article), title="text", title_align="left")]
    names = {e.id: e.name for e in article.entities}
    parts.append(
        _table(
            "entities",
            ["type", "name", "mentions"],
            [[e.type, e.name, str(len(e.mentions))] for e in article.entities],
        )
    )
    parts.append(
        _table(
            "counts",
            ["kind", "value", "who", "text"],
            [[c.kind, f"{c.value:g}", c.who or "", c.text] for c in article.counts],
        )
    )
    parts.append(
        _table(
            "quotes",
            ["kind", "speaker", "cue", "text"],
            [
                [q.kind, names.get(q.speaker or "", q.speaker_text or "?"), q.cue or "", q.text]
                for q in article.quotes
            ],
        )
    )
    parts.append(
        _table(
            "dates",
            ["text", "value", "granularity"],
            [[d.text, d.value, d.granularity] for d in article.dates],
        )
    )
    parts.append(
        _table(
            "events",
            ["type", "mode", "actor", "trigger", "target", "where", "when"],
            [
                [
                    ev.type,
                    ev.mode,
                    ev.actor.text if ev.actor else "",
                    ev.trigger.text,
                    ev.target.text if ev.target else "",
                    ev.where.text if ev.where else "",
                    ev.when or "",
                ]
                for ev in article.events
            ],
        )
    )
    parts.append(
        _table(
            "checks",
            ["kind", "found", "suggest", "message"],
            [[c.kind, c.found, c.suggest or "", c.message] for c in article.checks],
        )
    )
    if pending:
        stages = ", ".join(f"{name} (issue {issue})" for name, issue in pending.items())
        parts.append(Text(f"not implemented yet, fields left empty: {stages}", style="dim"))
    return Group(*parts)


def print_article(
    article: Article, console: Console | None = None, pending: dict[str, int] | None = None
) -> None:
    (console or Console()).print(article_view(article, pending))
