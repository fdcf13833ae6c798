# kind: correct
# why: walks model.named_children() in order with a flag that turns on at stage; every child gets requires_grad_(flag), so earlier ones are frozen and later ones re-enabled regardless of prior state
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    names = [name for name, _ in model.named_children()]
    if stage not in names:
        raise ValueError(f"{stage!r} não é filho de model; os filhos são {names}")
    on = False
    for name, child in model.named_children():
        if name == stage:
            on = True
        child.requires_grad_(on)
