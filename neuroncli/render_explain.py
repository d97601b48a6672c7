"""Show an explanation of one row: rich panels on a terminal, plain aligned text elsewhere.

Both forms are built from the same blocks (a title, lines of formulas, an optional table and
notes), so a pipe gets the same words and numbers as the terminal, without escape codes and
without cutting anything to a width.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from neuroncli.core.losses import EPSILON
from neuroncli.explain import (
    ActivationStep,
    AffineStep,
    BiasStep,
    DotStep,
    Explanation,
    LayerInputStep,
    LossStep,
    PredictionStep,
    ProductsStep,
    ShapeStep,
    SoftmaxStep,
    Step,
    VectorStep,
    format_rounded,
)
from neuroncli.messages import text

INDENT = "  "
COLUMN_GAP = "  "


@dataclass(frozen=True)
class TextTable:
    """Cells of a table as text, with ``numeric`` marking the columns aligned to the right."""

    headers: list[str]
    numeric: list[bool]
    rows: list[list[str]]


@dataclass
class Block:
    """One step as text: its title, formula lines, an optional table and notes after it."""

    title: str
    lines: list[str] = field(default_factory=list)
    table: TextTable | None = None
    notes: list[str] = field(default_factory=list)


def full(value: float) -> str:
    """Return every digit of a float64: Python's repr, as eval writes it."""
    return repr(float(value))


def _operand(value: str) -> str:
    """Put a negative number in parentheses where it follows an operator."""
    return f"({value})" if value.startswith("-") else value


def _join_terms(terms: Sequence[str]) -> str:
    return " + ".join([terms[0], *(_operand(term) for term in terms[1:])]) if terms else "0"


def _unit_label(index: int, name: str) -> str:
    return str(index) if name == str(index) else f"{index} ({name})"


def heading_lines(explanation: Explanation, lang: str) -> list[str]:
    """Return the lines above the steps: which row of which file, and which model."""
    row = explanation.row
    path = text("loc.stdin", lang) if row.path == "-" else row.path
    lines = [text("explain.heading.row", lang, row=row.row, rows=row.rows, path=path,
                  line=row.line)]
    if row.ids:
        ids = ", ".join(f"{name} = {value}" for name, value in row.ids)
        lines.append(text("explain.heading.ids", lang, ids=ids))
    if explanation.single_neuron:
        lines.append(text("explain.heading.neuron", lang, inputs=explanation.sizes[0]))
    elif len(explanation.sizes) == 2:
        lines.append(text("explain.heading.layer", lang, inputs=explanation.sizes[0],
                          units=explanation.sizes[1]))
    else:
        sizes = " → ".join(str(size) for size in explanation.sizes)
        lines.append(text("explain.heading.network", lang, layers=len(explanation.sizes) - 1,
                          sizes=sizes))
    return lines


def explanation_blocks(explanation: Explanation, lang: str) -> list[Block]:
    """Return one block per step, titled "Step 1. ..." in *lang*."""
    blocks = [_block(step, explanation, lang) for step in explanation.steps]
    for number, block in enumerate(blocks, start=1):
        block.title = text("explain.step", lang, number=number, title=block.title)
    return blocks


def _block(step: Step, explanation: Explanation, lang: str) -> Block:
    precision = explanation.precision
    if isinstance(step, VectorStep):
        return _vector_block(step, lang)
    if isinstance(step, ProductsStep):
        return _products_block(step, precision, lang)
    if isinstance(step, DotStep):
        return _dot_block(step, lang)
    if isinstance(step, BiasStep):
        return Block(text("explain.title.bias", lang), [
            f"z = xᵀw + b = {full(step.dot)} + {_operand(full(step.bias))} = {full(step.z)}"])
    if isinstance(step, ActivationStep):
        return _activation_block(step, explanation.single_neuron, lang)
    if isinstance(step, ShapeStep):
        if explanation.single_neuron:
            return _batch_block(step, explanation.row.row, lang)
        return _shape_block(step, explanation.row.row, lang)
    if isinstance(step, LayerInputStep):
        return _layer_input_block(step, lang)
    if isinstance(step, AffineStep):
        return _affine_block(step, lang)
    if isinstance(step, SoftmaxStep):
        return _softmax_block(step, precision, lang)
    if isinstance(step, PredictionStep):
        return _prediction_block(step, lang)
    return _loss_block(step, lang)


def _vector_block(step: VectorStep, lang: str) -> Block:
    title = "explain.title.input" if step.kind == "x" else "explain.title.weights"
    rows = [[str(i), name, full(value)]
            for i, (name, value) in enumerate(zip(step.names, step.values, strict=True), start=1)]
    headers = ["i", text("explain.col.feature", lang), f"{step.kind}_i"]
    return Block(text(title, lang), table=TextTable(headers, [True, False, True], rows))


def _products_block(step: ProductsStep, precision: int, lang: str) -> Block:
    rows = []
    for i, (x, w, product) in enumerate(zip(step.x, step.w, step.products, strict=True), start=1):
        rows.append([str(i), f"{full(x)} × {_operand(full(w))}",
                     format_rounded(product, precision)])
    headers = ["i", "x_i × w_i",
               text("explain.col.rounded", lang, precision=precision)]
    return Block(text("explain.title.products", lang),
                 table=TextTable(headers, [True, False, True], rows))


def _dot_block(step: DotStep, lang: str) -> Block:
    block = Block(text("explain.title.dot", lang), [f"xᵀw = Σ_i x_i w_i = {full(step.dot)}"])
    if step.rounded_sum is None:
        block.notes.append(text("explain.dot.not_finite", lang))
        return block
    block.lines.append(text("explain.dot.rounded", lang, terms=_join_terms(step.rounded_products),
                            total=format(step.rounded_sum, "g")))
    if step.rounded_sum != Decimal(step.dot):
        block.notes.append(text("explain.dot.note", lang, precision=step.precision))
    return block


def _activation_lines(formula: str, params: Sequence[tuple[str, str]], lang: str) -> list[str]:
    lines = [text("explain.activation.formula", lang, formula=formula)]
    if params:
        pairs = ", ".join(f"{name} = {value}" for name, value in params)
        lines.append(text("explain.activation.params", lang, params=pairs))
    return lines


def _activation_block(step: ActivationStep, single_neuron: bool, lang: str) -> Block:
    lines = _activation_lines(step.formula, step.params, lang)
    if single_neuron:
        lines.append(f"a = g(z) = g({full(step.z[0])}) = {full(step.a[0])}")
        return Block(text("explain.title.activation", lang, name=step.name), lines)

    rows = [[_unit_label(j, name), full(z), full(a)]
            for j, (name, z, a) in enumerate(zip(step.units, step.z, step.a, strict=True))]
    table = TextTable([text("explain.col.unit", lang), "z_j", "a_j = g(z_j)"],
                      [False, True, True], rows)
    return Block(text("explain.title.layer_activation", lang, layer=step.layer, name=step.name),
                 lines, table)


def _batch_block(step: ShapeStep, row: int, lang: str) -> Block:
    return Block(text("explain.title.batch", lang), [
        text("explain.batch.product", lang, rows=step.rows, inputs=step.inputs),
        text("explain.batch.row", lang, row=row),
    ])


def _shape_block(step: ShapeStep, row: int, lang: str) -> Block:
    previous = step.layer - 1
    lines = [f"Z[{step.layer}] = A[{previous}] W[{step.layer}] + b[{step.layer}]"]
    if step.layer == 1:
        lines.append(text("explain.shape.data", lang))
    lines.append(text("explain.shape.sizes", lang, rows=step.rows, inputs=step.inputs,
                      units=step.units))
    lines.append(text("explain.shape.activation", lang, layer=step.layer, name=step.activation))
    lines.append(text("explain.shape.row", lang, row=row))
    return Block(text("explain.title.shape", lang, layer=step.layer, layers=step.layers), lines)


def _layer_input_block(step: LayerInputStep, lang: str) -> Block:
    previous = step.layer - 1
    if step.layer == 1:
        vector = "a[0] = x"
        headers = ["i", text("explain.col.feature", lang), "x_i"]
        rows = [[str(i), name, full(value)] for i, (name, value)
                in enumerate(zip(step.names, step.values, strict=True), start=1)]
        numeric = [True, False, True]
    else:
        vector = f"a[{previous}]"
        headers = [text("explain.col.unit", lang), f"a[{previous}]_j"]
        rows = [[name, full(value)] for name, value in zip(step.names, step.values, strict=True)]
        numeric = [False, True]
    return Block(text("explain.title.layer_input", lang, layer=step.layer, vector=vector),
                 table=TextTable(headers, numeric, rows))


def _affine_block(step: AffineStep, lang: str) -> Block:
    previous = step.layer - 1
    rows = [[_unit_label(j, name), full(dot), full(bias), full(z)]
            for j, (name, dot, bias, z)
            in enumerate(zip(step.units, step.dots, step.biases, step.z, strict=True))]
    headers = [text("explain.col.unit", lang), f"Σ_i a[{previous}]_i W[{step.layer}]_ij",
               f"b[{step.layer}]_j", "z_j"]
    return Block(
        text("explain.title.affine", lang, layer=step.layer, previous=previous),
        [text("explain.affine.formula", lang, layer=step.layer, previous=previous)],
        TextTable(headers, [False, True, True, True], rows),
    )


def _softmax_block(step: SoftmaxStep, precision: int, lang: str) -> Block:
    name = "log_softmax" if step.log else "softmax"
    lines = [
        text("explain.activation.formula", lang, formula=step.formula),
        text("explain.softmax.shift", lang, shift=full(step.shift)),
    ]
    rows = []
    for j, (unit, z, e, a) in enumerate(zip(step.units, step.z, step.exps, step.a, strict=True)):
        rows.append([_unit_label(j, unit), full(z), format_rounded(e, precision), full(a)])
    headers = [text("explain.col.unit", lang), "z_j",
               text("explain.col.exp", lang, precision=precision), "a_j"]
    notes = [text("explain.softmax.sum", lang, total=format_rounded(step.total, precision),
                  precision=precision)]
    if step.log:
        notes.append("a_j = (z_j − max) − log Σ_k exp(z_k − max)")
    else:
        notes.append("a_j = exp(z_j − max) / Σ_k exp(z_k − max)")
    return Block(text("explain.title.softmax", lang, layer=step.layer, name=name), lines,
                 TextTable(headers, [False, True, True, True], rows), notes)


def _prediction_block(step: PredictionStep, lang: str) -> Block:
    if step.rule == "threshold":
        relation = "≥" if step.score >= 0.5 else "<"
        line = text("explain.prediction.threshold", lang, score=full(step.score),
                    relation=relation, name=step.name)
    else:
        line = text(f"explain.prediction.{step.rule}", lang, unit=step.name,
                    score=full(step.score), name=step.name, index=step.index)
    return Block(text("explain.title.prediction", lang), [line])


def _loss_block(step: LossStep, lang: str) -> Block:
    formula_key = f"explain.loss.formula.{step.loss}" + ("_logits" if step.from_logits else "")
    units = len(step.target_values) if step.target_values is not None else 1
    lines = [
        text("explain.loss.name", lang, loss=step.loss,
             name=text(f"explain.loss.long.{step.loss}", lang)),
        text(formula_key, lang, units=units, epsilon=full(EPSILON)),
    ]
    values = (", ".join(full(value) for value in step.target_values)
              if step.target_values is not None else "")
    if step.target_class is not None and step.target_values is None:
        lines.append(text("explain.loss.class_target", lang, text=step.target_text,
                          index=step.target_class, name=step.class_name))
    elif step.target_class is not None:
        lines.append(text("explain.loss.one_hot_target", lang, text=step.target_text,
                          index=step.target_class, name=step.class_name, values=values))
    else:
        lines.append(text("explain.loss.value_target", lang, text=step.target_text,
                          values=values))
    lines.append(f"L = {full(step.value)}")
    return Block(text("explain.title.loss", lang, column=step.column), lines)


# Plain text -----------------------------------------------------------------------------------

def display_width(value: str) -> int:
    """Return the number of terminal columns *value* takes: 2 for wide characters such as Hangul."""
    width = 0
    for character in value:
        if unicodedata.combining(character):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def _pad(value: str, width: int, right: bool) -> str:
    space = " " * (width - display_width(value))
    return space + value if right else value + space


def _table_lines(table: TextTable) -> list[str]:
    columns = list(zip(table.headers, *table.rows, strict=True))
    widths = [max(display_width(cell) for cell in column) for column in columns]

    def line(cells: Sequence[str]) -> str:
        padded = [_pad(cell, width, right)
                  for cell, width, right in zip(cells, widths, table.numeric, strict=True)]
        return (INDENT + COLUMN_GAP.join(padded)).rstrip()

    rule = [_pad("-" * width, width, False) for width in widths]
    return [line(table.headers), line(rule), *(line(row) for row in table.rows)]


def plain_text(explanation: Explanation, lang: str) -> str:
    """Return the whole explanation as plain text, one block after another."""
    out = heading_lines(explanation, lang)
    note = text("label.note", lang)
    for block in explanation_blocks(explanation, lang):
        out.append("")
        out.append(block.title)
        out += [INDENT + line for line in block.lines]
        if block.table is not None:
            out += _table_lines(block.table)
        out += [f"{INDENT}{note}: {line}" for line in block.notes]
    return "\n".join(out) + "\n"


# Rich -----------------------------------------------------------------------------------------

def print_rich(explanation: Explanation, lang: str) -> None:
    """Print the explanation to standard output as rich panels, one per step."""
    from rich import box  # noqa: TID251 - this module renders the explanation with rich
    from rich.console import Group  # noqa: TID251
    from rich.panel import Panel  # noqa: TID251
    from rich.table import Table  # noqa: TID251
    from rich.text import Text  # noqa: TID251

    from neuroncli.render import stdout_console

    console = stdout_console()
    for line in heading_lines(explanation, lang):
        console.print(Text(line, style="bold"))

    note = text("label.note", lang)
    for block in explanation_blocks(explanation, lang):
        parts: list[Text | Table] = [Text(line) for line in block.lines]
        if block.table is not None:
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
            for header, right in zip(block.table.headers, block.table.numeric, strict=True):
                table.add_column(Text(header), justify="right" if right else "left",
                                 overflow="fold")
            for row in block.table.rows:
                table.add_row(*[Text(cell) for cell in row])
            parts.append(table)
        parts += [Text(f"{note}: {line}", style="dim") for line in block.notes]
        console.print(Panel(Group(*parts), title=Text(block.title, style="bold"),
                            title_align="left", expand=False))
