"""One training update, explained ("show this update", textbook 6.6.5).

``step_view(request, epoch, batch) -> dict`` replays a training request (engine/networks/training.py)
up to one mini-batch update and returns that mini-batch's computation graph (layer view) and, per
parameter, the value, gradient, optimiser state and new value.
"""
from __future__ import annotations

import numpy as np

from . import mlp
from ..core.errors import EngineError, LimitError
from .netspec import SpecError, integer
from .netspec import to_json as _json
from .network import evaluate_network, layer_view_problem
from .training import Setup, _run, _Stop


UPDATE_RULES = {
    "sgd": r"\theta \leftarrow \theta - \eta\, g",
    "momentum": r"v \leftarrow \mu v + g;\quad \theta \leftarrow \theta - \eta\, v",
    "adam": r"m \leftarrow \beta_1 m + (1-\beta_1) g;\quad v \leftarrow \beta_2 v + (1-\beta_2) g^2;"
            r"\quad \theta \leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}",
}


def step_view(request: dict, epoch: int, batch: int) -> dict:
    """Replay a training request up to one update and explain it ("show this update").

    ``epoch`` and ``batch`` are 0-based (epoch < epochs, batch < the number of mini-batches per
    epoch); keys ``epoch`` / ``batch`` inside ``request`` are ignored. →

    ``{"epoch", "batch", "batches", "samples": [indices into data.train/dev "index" numbering],
    "loss": the mini-batch's data loss, "masks": {"mask1": (m, n_1) 0 or 1/(1−p), …} | {},
    "graph": the layer view of this mini-batch (engine.network structure; x is the batch as the
    network sees it, i.e. normalised; hidden layers with dropout get nodes mask{i} and
    a{i}_drop = a{i} * mask{i}) or None when too large (then "graph_error" says why),
    "optimizer": {"name", hyper-parameters, "t", "rule": LaTeX},
    "table": [{"parameter": "W1", "value": before, "grad": ∂L/∂θ, "l2_grad": λW (0 for b),
    "update": after − before, "new_value": after, "state": {"velocity"} | {"m", "v", "m_hat",
    "v_hat"} | {}}, …]}``. The graph's parameter gradients equal the table's ``grad``.
    """
    if not isinstance(request, dict):
        raise SpecError("spec_not_object", what="training request")
    request = {k: v for k, v in request.items() if k not in ("epoch", "batch")}
    setup = Setup(request)
    epoch = integer(epoch, "epoch", 0, setup.epochs - 1)
    batch = integer(batch, "batch", 0, setup.batches - 1)
    arch = setup.arch
    with np.errstate(all="ignore"):
        try:
            _run(setup, stop_at=(epoch, batch))
            raise AssertionError("the loop always reaches a valid (epoch, batch)")
        except _Stop as stop:
            snap = stop.snapshot
        params, opt, idx, masks = snap["params"], snap["opt"], snap["indices"], snap["masks"]
        Xb, Yb = setup.X_train[idx], setup.Y_train[idx]
        loss, grads, _ = mlp.loss_and_grads(arch, params, Xb, Yb, masks)
        l2_grads = {k: (setup.l2 * v if k.startswith("W") else np.zeros_like(v))
                    for k, v in params.items()}
        new = {k: v.copy() for k, v in params.items()}
        opt.step(new, {k: grads[k] + l2_grads[k] for k in grads})
    mask_nodes = {f"mask{i}": m for i, m in enumerate(masks or [], start=1)}
    graph, graph_error = None, None
    problem = layer_view_problem(arch, Xb.shape[0])
    if problem:
        code, details = problem
        graph_error = LimitError(code, hint="hint_smaller_batch_graph", **details).to_dict()
    else:
        try:
            graph = evaluate_network(arch, params, Xb, Yb, False, "layer", mask_nodes)
        except EngineError as err:
            graph_error = err.to_dict()
    return {
        "epoch": epoch,
        "batch": batch,
        "batches": setup.batches,
        "samples": setup.train_idx[idx].tolist(),
        "loss": _json(loss),
        "masks": {k: _json(v) for k, v in mask_nodes.items()},
        "graph": graph,
        "graph_error": graph_error,
        "optimizer": {"name": opt.name, **opt.settings(), "t": getattr(opt, "t", None),
                      "rule": UPDATE_RULES[opt.name]},
        "table": [{"parameter": k, "value": _json(params[k]), "grad": _json(grads[k]),
                   "l2_grad": _json(l2_grads[k]), "update": _json(new[k] - params[k]),
                   "new_value": _json(new[k]),
                   "state": {s: _json(v) for s, v in opt.state(k).items()}}
                  for k in arch.parameter_names],
    }
