"""Piper's model in two halves, so that a sentence's length is chosen before its audio is made.

A Piper (VITS) model first predicts how many frames each phoneme id lasts,
``ceil(w · length_scale)``, then decodes that many frames. Cut at that ``Ceil``,
the first half (text encoder and duration predictor, about a tenth of a call)
gives ``w``, the durations at length scale 1, with its random draw already made.
From them voxpress picks the length scale that makes the sentence's words last
their planned time to the frame (so no second synthesis and no time-stretch to
correct the pace), shortens the silence after the last word and before the first
to what the sentence keeps of it anyway, and the second half (flow and decoder,
nearly all the cost) makes only those frames. For the same durations and noise
the two halves give the whole model's samples exactly.

The cut is found in the graph, not by tensor names: the first half is what the
``Ceil`` needs; what the second half reads from it becomes the first half's
outputs. The durations are renamed ``unit_durations`` (out of the first half)
and ``durations`` (into the second).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import onnx

UNIT_DURATIONS = "unit_durations"
"""First half's output: each id's frames at length scale 1, before rounding up."""
DURATIONS = "durations"
"""Second half's input: each id's whole frames."""
EDGE_SECONDS = 0.1
"""Silence decoded before the first word and after the last; the sentence keeps 0.05 s of it
(``timing.LEAD_IN_SECONDS``), the rest is context for the decoder's first and last frames."""


@dataclass(frozen=True)
class ModelHalves:
    """The serialized halves of one Piper model."""

    durations: bytes
    decoder: bytes


def split_model(model: onnx.ModelProto) -> ModelHalves:
    """Cut ``model`` at its one ``Ceil`` (the durations); ValueError for a model without one."""
    import onnx
    from onnx.utils import Extractor

    graph = model.graph
    ceils = [node for node in graph.node if node.op_type == "Ceil"]
    if len(ceils) != 1:
        raise ValueError(f"expected one Ceil (the durations), found {len(ceils)}")
    ceil = ceils[0]
    produced_by = {output: node for node in graph.node for output in node.output}
    fixed = {i.name for i in graph.initializer} | {i.name for i in graph.input}

    def ancestors(targets: Sequence[str], stop: set[str]) -> set[int]:
        found: set[int] = set()
        pending, seen = list(targets), set()
        while pending:
            tensor = pending.pop()
            if tensor in seen or tensor in stop or tensor in fixed or tensor not in produced_by:
                continue
            seen.add(tensor)
            node = produced_by[tensor]
            if id(node) not in found:
                found.add(id(node))
                pending.extend(node.input)
        return found

    first = ancestors([ceil.input[0]], set())
    second = ancestors([o.name for o in graph.output], {ceil.output[0]}) - first - {id(ceil)}
    handed_over: list[str] = []  # tensors of the first half the second reads, in graph order
    for node in graph.node:
        if id(node) not in second:
            continue
        for tensor in node.input:
            if tensor in produced_by and id(produced_by[tensor]) in first and tensor not in handed_over:
                handed_over.append(tensor)
    inputs_read = [
        i.name for i in graph.input if any(i.name in n.input for n in graph.node if id(n) in second)
    ]

    inferred = onnx.shape_inference.infer_shapes(model)
    extractor = Extractor(inferred)
    durations_half = extractor.extract_model([i.name for i in graph.input], [ceil.input[0], *handed_over])
    decoder_half = extractor.extract_model(
        [ceil.output[0], *handed_over, *inputs_read], [o.name for o in graph.output]
    )

    durations_half.graph.node.append(onnx.helper.make_node("Identity", [ceil.input[0]], [UNIT_DURATIONS]))
    outputs = durations_half.graph.output
    kept = [o for o in outputs if o.name != ceil.input[0]]
    del outputs[:]
    outputs.append(onnx.helper.make_tensor_value_info(UNIT_DURATIONS, onnx.TensorProto.FLOAT, None))
    outputs.extend(kept)

    for node in decoder_half.graph.node:
        for number, tensor in enumerate(node.input):
            if tensor == ceil.output[0]:
                node.input[number] = DURATIONS
    for value in decoder_half.graph.input:
        if value.name == ceil.output[0]:
            value.name = DURATIONS
    return ModelHalves(durations_half.SerializeToString(), decoder_half.SerializeToString())


def frames_at(unit_durations: npt.NDArray[np.float32], length_scale: float) -> npt.NDArray[np.float32]:
    """Each id's whole frames at ``length_scale``, rounded as the model rounds them (in float32)."""
    return np.ceil(unit_durations * np.float32(length_scale)).astype(np.float32)


def length_scale_for(
    unit_durations: npt.NDArray[np.float32], span: slice, frames: float, lowest: float, highest: float
) -> float:
    """The length scale in [lowest, highest] whose frames over ``span`` come nearest ``frames``.

    The frames grow in steps with the scale (each id is rounded up), so it is found by bisection
    on the step function, then the nearer of the two scales around the target is taken.
    """
    spoken = unit_durations[span]

    def total(scale: float) -> float:
        return float(frames_at(spoken, scale).sum())

    if total(lowest) >= frames:
        return lowest
    if total(highest) <= frames:
        return highest
    low, high = lowest, highest  # total(low) < frames <= total(high)
    for _ in range(40):
        middle = (low + high) / 2
        if total(middle) < frames:
            low = middle
        else:
            high = middle
    return low if frames - total(low) < total(high) - frames else high


def shorten_edges(durations: npt.NDArray[np.float32], span: slice, keep: float) -> npt.NDArray[np.float32]:
    """``durations`` with at most ``keep`` frames before ``span`` and after it, those nearest to it."""
    shortened = durations.copy()
    for ids in (range(span.start - 1, -1, -1), range(span.stop, len(shortened))):
        left = keep
        for index in ids:
            shortened[index] = min(float(shortened[index]), left)
            left -= float(shortened[index])
    return shortened
