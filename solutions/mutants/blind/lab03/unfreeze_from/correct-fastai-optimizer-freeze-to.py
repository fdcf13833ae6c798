# kind: correct
# why: nothing is forbidden; builds a fastai Optimizer with two parameter groups (children before stage, the rest) and lets freeze_to(1) set requires_grad (relabelled: the question states no rule against it, so by its contract it is a right answer)
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    from fastai.optimizer import Adam as _FastAdam
    before, after, seen = [], [], False
    for name, child in model.named_children():
        seen = seen or name == stage
        (after if seen else before).extend(child.parameters())
    _FastAdam([before, after], lr=1e-3).freeze_to(1)
